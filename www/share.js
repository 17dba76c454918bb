// Share links without a server: the project snapshot as JSON, compressed
// with the browser's CompressionStream("deflate-raw"), in base64url, in the
// URL fragment: `#v1.<data>`. The fragment never reaches a server.

const PREFIX = "v1.";

async function pipe(bytes, stream) {
  const response = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await response.arrayBuffer());
}

export function toBase64Url(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function fromBase64Url(text) {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** A snapshot as a fragment (without the `#`). */
export async function encodeFragment(snapshot) {
  const json = new TextEncoder().encode(JSON.stringify(snapshot));
  return PREFIX + toBase64Url(await pipe(json, new CompressionStream("deflate-raw")));
}

/** The snapshot in a fragment, or null when the fragment is not a share link. Throws on a damaged link. */
export async function decodeFragment(fragment) {
  const text = fragment.replace(/^#/, "");
  if (!text.startsWith(PREFIX)) return null;
  const bytes = await pipe(fromBase64Url(text.slice(PREFIX.length)), new DecompressionStream("deflate-raw"));
  const snapshot = JSON.parse(new TextDecoder().decode(bytes));
  if (!snapshot || typeof snapshot !== "object" || snapshot.v !== 1 || typeof snapshot.files !== "object") {
    throw new Error("not a Layerlab v1 share link");
  }
  return snapshot;
}
