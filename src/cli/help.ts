/** The text of `audit-lens --help` and of each command's `--help`. */
import type { Subcommand } from './args';

const COMMON = `Common options:
  --format jsonl|json|table  output format (default: table when stdout is a terminal, jsonl otherwise)
  --limit N                  keep the first N records of the sorted output
  --page-size N              page size asked of the API (each provider caps it at its documented maximum)
  --concurrency N            most requests in flight at once (default 6)
  --timeout-ms N             timeout of each request, in milliseconds (default 30000)
  -h, --help                 show this help`;

const ENVIRONMENT = `Connections come from environment variables; secrets are never read from the command line.
  SFMC        AUDIT_LENS_SFMC_AUTH_URL (default https://$AUDIT_LENS_SFMC_SUBDOMAIN.auth.marketingcloudapis.com)
              AUDIT_LENS_SFMC_CLIENT_ID, AUDIT_LENS_SFMC_CLIENT_SECRET
              AUDIT_LENS_SFMC_ACCOUNT_ID (optional MID), AUDIT_LENS_SFMC_TIME_ZONE (default -06:00)
  LivePerson  AUDIT_LENS_LP_DOMAIN_API (default https://api.liveperson.net)
              and one of, in this order of preference:
                AUDIT_LENS_LP_BEARER
                AUDIT_LENS_LP_CLIENT_ID with AUDIT_LENS_LP_CLIENT_SECRET
                AUDIT_LENS_LP_USERNAME with AUDIT_LENS_LP_PASSWORD
              optional: AUDIT_LENS_LP_ACCOUNT_ID (when --account is left out),
                AUDIT_LENS_LP_TIME_ZONE (default US/Eastern), AUDIT_LENS_LP_SENTINEL_TOKEN_PATH
  Uniphore    AUDIT_LENS_UNIPHORE_BASE_URL
              and AUDIT_LENS_UNIPHORE_TOKEN, or AUDIT_LENS_UNIPHORE_TOKEN_URL with
                AUDIT_LENS_UNIPHORE_CLIENT_ID, AUDIT_LENS_UNIPHORE_CLIENT_SECRET and AUDIT_LENS_UNIPHORE_AUDIENCE
              AUDIT_LENS_UNIPHORE_TIME_ZONE (default UTC)
  FloQast     AUDIT_LENS_FLOQAST_BASE_URL, or AUDIT_LENS_FLOQAST_REGION us|eu|au (default us)
              AUDIT_LENS_FLOQAST_API_KEY
  Time zones accept UTC, a fixed offset such as -06:00, or an IANA name such as America/Chicago.
  Base URLs must use https, except on loopback hosts (the sandbox).
  For tests only: AUDIT_LENS_RETRY_BASE_MS sets the first retry backoff (default 1000).`;

const EXIT_CODES = `Exit codes:
  0    success
  1    the provider or the network failed (one line on stderr; nothing on stdout)
  2    usage or configuration error (no request is sent)
  130  interrupted`;

const OVERVIEW = `audit-lens: read the audit trails of SFMC Journey Builder, LivePerson, Uniphore and FloQast.

Usage:
  audit-lens query  --provider sfmc --journey <id | key:KEY> [--action all|create|modify|publish|unpublish|delete] [--version N]
  audit-lens query  --provider liveperson --account <accountId> [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--types T1,T2] [--users U1,U2]
  audit-lens query  --provider uniphore [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--category NAME]
  audit-lens query  --provider floqast [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--api-key-id ID]
  audit-lens get    --provider uniphore --id <integer>
  audit-lens scopes --provider <sfmc|liveperson|uniphore|floqast> [--account <accountId>]
  audit-lens sandbox [--port N]        a local server that emulates all four APIs, with demo credentials
  audit-lens help <command>            details of one command

Records print as the neutral AuditRecord shape, newest first (ties by id).

${COMMON}

${ENVIRONMENT}

${EXIT_CODES}
`;

const QUERY = `Usage:
  audit-lens query --provider sfmc --journey <id | key:KEY> [--action all|create|modify|publish|unpublish|delete] [--version N]
  audit-lens query --provider liveperson --account <accountId> [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--types T1,T2] [--users U1,U2]
  audit-lens query --provider uniphore [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--category NAME]
  audit-lens query --provider floqast [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--api-key-id ID]

Prints every audit record that matches, newest first (ties by id), each exactly once.
  --journey     SFMC journey id, or key:KEY
  --action      SFMC audit action (default all)
  --version     SFMC journey version; left out, every version is read, newest first, skipping missing ones
  --account     LivePerson account id
  --from, --to  inclusive UTC calendar days; left out, no date filter is sent and the provider's default applies
  --types       LivePerson component types, comma-separated (e.g. Users,Skills)
  --users       LivePerson users, comma-separated
  --category    Uniphore activityType to keep (filtered on the client)
  --api-key-id  FloQast API key id to keep

${COMMON}

${ENVIRONMENT}

${EXIT_CODES}
`;

const GET = `Usage:
  audit-lens get --provider uniphore --id <integer>

Prints one Uniphore audit log item as an AuditRecord. A non-integer id is refused before any request.

${COMMON}

${ENVIRONMENT}

${EXIT_CODES}
`;

const SCOPES = `Usage:
  audit-lens scopes --provider <sfmc|liveperson|uniphore|floqast> [--account <accountId>]

Prints one {provider, type, id, name, parent?} per line (jsonl unless --format says otherwise):
  sfmc        every journey, and each journey's versions (type journey, version)
  liveperson  the account's component types (type componentType); --account names the account
  uniphore    the audit categories (type category)
  floqast     the API keys seen in the audit trail (type apiKey)

${COMMON}

${ENVIRONMENT}

${EXIT_CODES}
`;

export function helpText(topic: Subcommand | undefined): string {
  switch (topic) {
    case 'query':
      return QUERY;
    case 'get':
      return GET;
    case 'scopes':
      return SCOPES;
    default:
      return OVERVIEW;
  }
}
