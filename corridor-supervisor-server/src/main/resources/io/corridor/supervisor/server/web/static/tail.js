// corridor-supervisor tail page: follows the log from the byte offset the server rendered it up to, through the
// REST API's streaming follow (docs/api.md), like tail -f. Reconnects from the last byte received.
'use strict';
(() => {
  const MAX_CHARS = 1024 * 1024;   // the page keeps the last MiB of text; older lines leave the top
  const TRUNCATED = new TextEncoder().encode('==> File truncated <==\n');
  const pre = document.getElementById('log');
  const status = document.getElementById('tail-status');
  let offset = Number(pre.dataset.offset);
  document.documentElement.classList.add('js');

  const atBottom = () => pre.scrollHeight - pre.scrollTop - pre.clientHeight < 40;
  pre.scrollTop = pre.scrollHeight;

  function append(text) {
    if (!text) return;
    const follow = atBottom();
    pre.append(document.createTextNode(text));
    if (pre.textContent.length > MAX_CHARS) {
      const keep = pre.textContent.slice(-MAX_CHARS);
      pre.textContent = keep.slice(keep.indexOf('\n') + 1);
    }
    if (follow) pre.scrollTop = pre.scrollHeight;
  }

  function indexOf(bytes, pattern) {
    outer: for (let i = 0; i + pattern.length <= bytes.length; i++) {
      for (let j = 0; j < pattern.length; j++) if (bytes[i + j] !== pattern[j]) continue outer;
      return i;
    }
    return -1;
  }

  function setStatus(cls, text) {
    status.className = `live ${cls}`;
    status.textContent = text;
  }

  async function follow() {
    try {
      const r = await fetch(new URL(`${pre.dataset.follow}&offset=${offset}`, location.origin), { credentials: 'same-origin', cache: 'no-store' });
      if (!r.ok) throw new Error(`${r.status} ${r.statusText}`);
      setStatus('on', 'following');
      const reader = r.body.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        // the server restarts from byte 0 after announcing a truncation: count from there
        const cut = indexOf(value, TRUNCATED);
        offset = cut < 0 ? offset + value.length : value.length - cut - TRUNCATED.length;
        append(decoder.decode(value, { stream: true }));
      }
    } catch (err) {
      setStatus('error', `not connected (${err.message}), retrying`);
      setTimeout(follow, 2000);
      return;
    }
    setStatus('error', 'stream ended, reconnecting');
    setTimeout(follow, 1000);
  }
  follow();
})();
