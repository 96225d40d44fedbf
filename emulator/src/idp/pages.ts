// Kiln-branded pages of the local identity provider: sign-in (demo accounts, username + password),
// the auto-submitted sign-out form, signed-out and error pages. Self-contained (no fonts, no external
// assets), styled and scripted only through a per-response nonce under a strict CSP.
import { randomBytes } from 'node:crypto';

export interface LoginAccount {
  username: string;
  name: string;
  roles: { role: string; scope: string }[];
  summary: string;
}

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/** The CSP for these pages: only nonce'd style/script; forms may go to the IdP and the app origins. */
export function pageCsp(nonce: string, formTargets: readonly string[]): string {
  return [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    "img-src 'self' data:",
    `form-action 'self' ${formTargets.join(' ')}`.trim(),
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

const LOGO =
  '<svg aria-hidden="true" width="28" height="28" viewBox="0 0 32 32"><path fill="#c2410c" d="M16 2 4 9v14l12 7 12-7V9z"/><path fill="#fed7aa" d="M16 9c3 3 4 6 2 9-1 1-1 3 0 4-4-1-6-4-5-7 0-2 2-4 3-6z"/></svg>';

function layout(nonce: string, title: string, body: string, script = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style nonce="${nonce}">
:root{color-scheme:light dark;--bg:#f8fafc;--card:#fff;--fg:#0f172a;--muted:#475569;--line:#e2e8f0;--accent:#c2410c;--err:#b91c1c}
@media (prefers-color-scheme:dark){:root{--bg:#0b1120;--card:#111827;--fg:#e5e7eb;--muted:#9ca3af;--line:#1f2937;--accent:#fb923c;--err:#f87171}}
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--fg)}
main{max-width:760px;margin:40px auto;padding:0 16px}
.card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:24px 28px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
header{display:flex;align-items:center;gap:10px;margin-bottom:8px}header b{font-size:20px}
h1{font-size:18px;margin:0 0 4px}p{margin:4px 0 12px;color:var(--muted)}
label{display:block;font-weight:600;margin:12px 0 4px}
input{width:100%;padding:9px 10px;border:1px solid var(--line);border-radius:8px;background:transparent;color:inherit;font:inherit}
input:focus-visible,button:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
button{margin-top:16px;padding:9px 16px;border:0;border-radius:8px;background:var(--accent);color:#fff;font:inherit;font-weight:600;cursor:pointer}
.err{border:1px solid var(--err);color:var(--err);border-radius:8px;padding:8px 12px;margin:12px 0}
table{width:100%;border-collapse:collapse;margin-top:8px;font-size:14px}th,td{text-align:left;padding:6px 8px;border-top:1px solid var(--line);vertical-align:top}
td button{margin:0;padding:3px 10px;font-size:13px}
code{font-size:13px}.muted{color:var(--muted)}.mt{margin-top:16px}
</style>
</head>
<body><main>${body}</main>${script ? `<script nonce="${nonce}">${script}</script>` : ''}</body>
</html>`;
}

export function loginPage(opts: {
  nonce: string;
  action: string;
  accounts: LoginAccount[];
  password: string;
  username?: string;
  error?: string;
  clientName?: string;
}): string {
  const rows = opts.accounts
    .map((a) => {
      const roles = a.roles.length
        ? a.roles.map((r) => `${esc(r.role)} <span class="muted">of</span> ${esc(r.scope)}`).join('<br>')
        : `<span class="muted">${esc(a.summary)}</span>`;
      return `<tr><td><b>${esc(a.name)}</b><br><code>${esc(a.username)}</code></td><td>${roles}</td><td><button type="button" data-user="${esc(a.username)}">Use</button></td></tr>`;
    })
    .join('');
  const body = `<div class="card">
<header>${LOGO}<b>Kiln</b><span class="muted">· local sign-in</span></header>
<h1>Sign in to local Azure</h1>
<p>This is the local identity provider that stands in for Microsoft Entra ID${opts.clientName ? ` for <b>${esc(opts.clientName)}</b>` : ''}. Every demo account's password is <code>${esc(opts.password)}</code>.</p>
${opts.error ? `<div class="err" role="alert" id="login-error">${esc(opts.error)}</div>` : ''}
<form method="post" action="${esc(opts.action)}">
<label for="login">Username</label>
<input id="login" name="login" type="text" autocomplete="username" required${opts.username ? '' : ' autofocus'} value="${esc(opts.username ?? '')}" placeholder="ava@contoso.com">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${opts.username ? ' autofocus' : ''}>
<button type="submit">Sign in</button>
</form>
</div>
<div class="card mt">
<h1>Demo accounts</h1>
<table><thead><tr><th scope="col">Account</th><th scope="col">Roles</th><th scope="col"><span class="muted">Fill</span></th></tr></thead><tbody>${rows}</tbody></table>
</div>`;
  const script =
    "document.querySelectorAll('button[data-user]').forEach(function(b){b.addEventListener('click',function(){document.getElementById('login').value=b.getAttribute('data-user');document.getElementById('password').focus();});});";
  return layout(opts.nonce, 'Sign in · Kiln local Azure', body, script);
}

export function logoutPage(nonce: string, form: string): string {
  const body = `<div class="card"><header>${LOGO}<b>Kiln</b></header><h1>Signing you out…</h1>${form.replace(
    '</form>',
    '<input type="hidden" name="logout" value="yes"><noscript><button type="submit">Sign out</button></noscript></form>',
  )}</div>`;
  return layout(nonce, 'Signing out · Kiln local Azure', body, 'document.forms[0].submit();');
}

export function messagePage(nonce: string, title: string, text: string): string {
  return layout(
    nonce,
    `${title} · Kiln local Azure`,
    `<div class="card"><header>${LOGO}<b>Kiln</b></header><h1>${esc(title)}</h1><p>${esc(text)}</p></div>`,
  );
}

/**
 * The device-code page (`…/device`): the code the Azure CLI printed, then the usual sign-in. `form` is
 * oidc-provider's hidden form (id `op.deviceInputForm`, with its xsrf token and the `user_code` input).
 */
export function deviceCodePage(nonce: string, form: string, error?: string): string {
  const body = `<div class="card">
<header>${LOGO}<b>Kiln</b><span class="muted">· local sign-in</span></header>
<h1>Sign in on another device</h1>
<p>Enter the code your device (for example the Azure CLI after <code>az login --use-device-code</code>) shows.</p>
${error ? `<div class="err" role="alert" id="login-error">${esc(error)}</div>` : ''}
<label for="user_code">Code</label>
${form.replace('type="text" name="user_code"', 'type="text" id="user_code" name="user_code"').replace(/\sonfocus="[^"]*"/, '')}
<button type="submit" form="op.deviceInputForm">Next</button>
</div>`;
  return layout(nonce, 'Enter code · Kiln local Azure', body);
}

/** Confirms which client the code belongs to before the sign-in (oidc-provider's `op.deviceConfirmForm`). */
export function deviceConfirmPage(nonce: string, form: string, clientName: string, userCode: string): string {
  const body = `<div class="card">
<header>${LOGO}<b>Kiln</b><span class="muted">· local sign-in</span></header>
<h1>Are you trying to sign in to ${esc(clientName)}?</h1>
<p>Only continue if your device shows the code <code>${esc(userCode)}</code> and you started this sign-in yourself.</p>
${form}
<button type="submit" form="op.deviceConfirmForm">Continue</button>
<button type="submit" form="op.deviceConfirmForm" name="abort" value="yes">Cancel</button>
</div>`;
  return layout(nonce, 'Confirm sign-in · Kiln local Azure', body);
}
