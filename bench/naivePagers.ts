/**
 * Baselines for the fetch section: what a user would otherwise do — a curl
 * loop or a Postman runner — one request after another, no concurrency.
 * They authenticate once, then page until a short page or the last cursor.
 */
import fetch from 'node-fetch';
import { DEMO } from '../src/sandbox/demoCredentials';

async function json(res: Awaited<ReturnType<typeof fetch>>): Promise<any> {
  if (!res.ok) throw new Error(`baseline request failed: HTTP ${res.status}`);
  return res.json();
}

export async function naiveSfmc(base: string, journeyId: string, version: number, pageSize: number): Promise<number> {
  const token = await json(await fetch(`${base}/v2/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'client_credentials', client_id: DEMO.sfmc.clientId, client_secret: DEMO.sfmc.clientSecret }) }));
  let total = 0;
  for (let page = 1; ; page++) {
    const body = await json(await fetch(`${base}/interaction/v1/interactions/${journeyId}/audit/all?versionNumber=${version}&$page=${page}&$pageSize=${pageSize}`, { headers: { authorization: `Bearer ${token.access_token}` } }));
    const items = body.Items ?? body.items ?? [];
    total += items.length;
    if (items.length < pageSize) return total;
  }
}

export async function naiveLivePerson(base: string, pageSize: number): Promise<number> {
  const acct = DEMO.liveperson.accountId;
  let total = 0;
  for (let offset = 0; ; offset += pageSize) {
    const query = `{auditData(first: ${pageSize}, offset: ${offset}, timezone: "UTC", lpa: true, automaticUpdates: true) { accountId objectType objectName element oldValue newValue originator originatorLoginName originatorUserId originatorUserAgent originatorAuthType originatorIsLpa changeDate }}`;
    const body = await json(await fetch(`${base}/api/account/${acct}/configuration/metadata/audit`, { method: 'POST', headers: { authorization: `Bearer ${DEMO.liveperson.bearer}`, 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ query }) }));
    const items = body.data?.auditData ?? [];
    total += items.length;
    if (items.length < pageSize) return total;
  }
}

export async function naiveUniphore(base: string, pageSize: number): Promise<number> {
  let total = 0;
  for (let page = 0; ; page++) {
    const body = await json(await fetch(`${base}/audit_log/?page=${page}&size=${pageSize}&sort=createdDate,desc`, { headers: { authorization: `Bearer ${DEMO.uniphore.token}` } }));
    total += body.content.length;
    if (page + 1 >= body.totalPages) return total;
  }
}

export async function naiveFloQast(base: string, pageSize: number): Promise<number> {
  let total = 0;
  let next: string | null | undefined = `/api/v1/audit-trail?page%5Bsize%5D=${pageSize}`;
  while (next) {
    const body: any = await json(await fetch(new URL(next, base).toString(), { headers: { 'x-api-key': DEMO.floqast.apiKey } }));
    total += body.data.length;
    next = body.links?.next;
  }
  return total;
}
