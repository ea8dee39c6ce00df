// The activation floor: loading and activating an extension that does nothing.
exports.activate = function activate() {};
exports.deactivate = function deactivate() {};
