/**
 * The fixed credentials the sandbox accepts. They are documented in the
 * README and in `audit-lens sandbox --help`; they unlock nothing but the
 * loopback sandbox. Tests and the demo use them.
 */
export const DEMO = {
  sfmc: {
    clientId: 'demo-sfmc-client',
    clientSecret: 'demo-sfmc-secret',
    accountId: '100000001',
  },
  liveperson: {
    accountId: '52642741',
    bearer: 'demo-lp-bearer-token',
    clientId: 'demo-lp-client',
    clientSecret: 'demo-lp-secret',
    username: 'demo.user',
    password: 'demo-lp-password',
  },
  uniphore: {
    tenantId: '67hg8362-g3d2-7g92-9273-d9h02kr83736',
    token: 'demo-uniphore-token',
    clientId: 'demo-uniphore-client',
    clientSecret: 'demo-uniphore-secret',
    audience: 'api.uniphore.com',
    /** Relative to the sandbox origin. */
    tokenPath: '/oauth/token',
  },
  floqast: {
    apiKey: 'demo-floqast-api-key',
  },
} as const;

/** Every secret among the demo credentials: what leak tests look for in anything the tool shows. */
export const DEMO_SECRETS: readonly string[] = [
  DEMO.sfmc.clientSecret,
  DEMO.liveperson.bearer,
  DEMO.liveperson.clientSecret,
  DEMO.liveperson.password,
  DEMO.uniphore.token,
  DEMO.uniphore.clientSecret,
  DEMO.floqast.apiKey,
];
