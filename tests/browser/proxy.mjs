// Through nginx in front of two portal instances on one PostgreSQL (run by
// `cargo xtask test`, which sets UPSTREAMS to the two instances'
// addresses): the session opened through one instance is honoured by the
// other, forms posted through the proxy pass the cross-site check, cookies
// are Secure, and nginx's request id is the portal's.

import assert from 'node:assert/strict';
import { open, BASE } from './session.mjs';

const s = await open('proxy');
const { page, log } = s;
await s.run(async () => {
  assert.ok(BASE.startsWith('https://'), 'the proxy terminates TLS');
  log('sign in through the proxy (form POSTs that pass the cross-site check)');
  await s.login('equipe.bethune@demo.prochemploi.fr', '/equipe');

  log('the staff home, eight times: both instances answer, the session holds');
  const upstreams = new Set();
  for (let i = 0; i < 8; i++) {
    const res = await s.go('/equipe');
    assert.equal(res.status(), 200);
    await page.getByRole('heading', { name: 'À traiter : offres et demandes' }).waitFor();
    const headers = res.headers();
    upstreams.add(headers['x-upstream']);
    assert.match(headers['x-request-id'] ?? '', /^[0-9a-f]{32}$/, "nginx's request id");
    // nginx takes turns per request, whatever asked for it: a page load may
    // bring an even number of requests (its files), so the session is also
    // asked for alone, with the browser's cookies.
    const alone = await s.context.request.get(BASE + '/equipe');
    assert.equal(alone.status(), 200, 'the session holds');
    assert.match(await alone.text(), /À traiter : offres et demandes/);
    upstreams.add(alone.headers()['x-upstream']);
  }
  const expected = (process.env.UPSTREAMS ?? '').split(',').filter(Boolean);
  assert.equal(expected.length, 2, 'UPSTREAMS names the two instances');
  assert.deepEqual([...upstreams].sort(), expected.sort(), 'both instances served the signed-in pages');

  log('the cookies set through the proxy are Secure');
  const cookies = await s.context.cookies();
  assert.ok(cookies.length > 0 && cookies.every((c) => c.secure), 'Secure cookies');

  log('signed out through one instance, the session is gone on both');
  await s.logout();
  // With the browser's cookies, outside the page (a 401 page load is a
  // console error the other scripts rightly refuse).
  const seen = new Set();
  for (let i = 0; i < 4; i++) {
    const res = await s.context.request.get(BASE + '/equipe');
    assert.equal(res.status(), 401, 'signed out everywhere');
    assert.match(await res.text(), /<h1[^>]*>Connexion requise<\/h1>/, 'the sign-in heading');
    seen.add(res.headers()['x-upstream']);
  }
  assert.equal(seen.size, 2, 'both instances refused the old session');
});
