// Order matters little (each suite resets the connections), but activation goes first.
import './activation.test';
import './tree.test';
import './commands.test';
import './secrets.test';
import './documents.test';
import './export.test';
import './cancellation.test';
import './settings.test';
import './publishErrors.test';
import './incomplete.test';
import './secretLeak.test';
