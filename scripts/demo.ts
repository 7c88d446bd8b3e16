/** `npm run demo -- --port N`: only the demo tenants, for curl users and scripts. */
import { parseArgs } from 'node:util';
import { DEMO_S1_TOKENS, startSentinelOneDemo } from '../main/demo/sentinelone';
import { DEMO_SSX_ADMINS, startSecureXDemo } from '../main/demo/securex';

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' } } });
const port = Number(values.port);
// SentinelOne takes N and Sentinel Secure X takes N + 1, so N must leave room for both.
if (!Number.isInteger(port) || port < 0 || port > 65534) {
  console.error(`--port must be a number from 0 to 65534 (got "${values.port}").`);
  process.exit(2);
}

const s1 = await startSentinelOneDemo({ port });
console.log('SentinelOne demo tenant (Management API v2.1)');
console.log(`  base URL      ${s1.baseUrl}`);
console.log(`  admin token   ${DEMO_S1_TOKENS.admin}`);
console.log(`  viewer token  ${DEMO_S1_TOKENS.viewer}   (read-only: 403 on every change)`);
console.log(
  `\n  curl -H "Authorization: ApiToken ${DEMO_S1_TOKENS.admin}" "${s1.baseUrl}/threats?limit=1"\n`,
);

const ssxPort = port === 0 ? 0 : port + 1;
const ssx = await startSecureXDemo({ port: ssxPort }).catch(async (err: unknown) => {
  console.error(`Sentinel Secure X demo could not listen on port ${ssxPort}: ${String(err)}`);
  await s1.close();
  process.exit(1);
});
console.log('Sentinel Secure X demo tenant (admin auth and session control)');
console.log(`  base URL      ${ssx.baseUrl}`);
for (const admin of DEMO_SSX_ADMINS) {
  const note = admin.locked ? '   (locked: 423 on sign-in)' : '';
  console.log(`  ${admin.role.padEnd(13)} ${admin.username} / ${admin.password}${note}`);
}
console.log(
  `\n  curl -X POST -H "Content-Type: application/json" ` +
    `-d '{"username":"admin","password":"demo-admin-password"}' "${ssx.baseUrl}/api/admin/login"\n`,
);

console.log('Press Ctrl+C to stop.');
const stop = async () => {
  await Promise.all([s1.close(), ssx.close()]);
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
