// The certificates of a "certs-only" PKCS#7 (RFC 5652 SignedData without signers), which some CAs serve
// at the AIA address of their intermediates (.p7c, .p7b) instead of one certificate. Only what that
// needs of DER is read: definite lengths, the ContentInfo → SignedData → certificates path. Pure, never
// throws, linear in the input.

const SEQUENCE = 0x30;
const SET = 0x31;
const INTEGER = 0x02;
const OID = 0x06;
const CONTEXT_0 = 0xa0;
/** 1.2.840.113549.1.7.2 (signedData), as its DER content bytes. */
const SIGNED_DATA = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];
const PEM = /-----BEGIN PKCS7-----([A-Za-z0-9+/=\s]+)-----END PKCS7-----/;

interface Tlv {
  tag: number;
  /** Where the value starts and ends; `start` of the whole element is the caller's offset. */
  valueStart: number;
  end: number;
}

function readTlv(bytes: Uint8Array, at: number, limit: number): Tlv | undefined {
  if (at + 2 > limit) return undefined;
  const tag = bytes[at]!;
  const first = bytes[at + 1]!;
  let length = first;
  let valueStart = at + 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    // 0x80 is BER's indefinite length: not DER, not read.
    if (count === 0 || count > 4 || at + 2 + count > limit) return undefined;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[at + 2 + i]!;
    valueStart += count;
  }
  const end = valueStart + length;
  return end <= limit ? { tag, valueStart, end } : undefined;
}

/** The elements directly inside `parent`, in order (undefined if one is malformed). */
function children(bytes: Uint8Array, parent: Tlv): (Tlv & { start: number })[] | undefined {
  const out: (Tlv & { start: number })[] = [];
  for (let at = parent.valueStart; at < parent.end; ) {
    const child = readTlv(bytes, at, parent.end);
    if (!child) return undefined;
    out.push({ ...child, start: at });
    at = child.end;
  }
  return out;
}

function derOf(bytes: Uint8Array): Uint8Array {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1 << 20)).toString(
    "latin1",
  );
  const pem = PEM.exec(text);
  return pem ? new Uint8Array(Buffer.from(pem[1]!.replace(/\s+/g, ""), "base64")) : bytes;
}

/** The DER certificates a certs-only PKCS#7 (DER or PEM) holds; undefined when it is not one. */
export function pkcs7Certificates(input: Uint8Array): Uint8Array[] | undefined {
  const bytes = derOf(input);
  const outer = readTlv(bytes, 0, bytes.byteLength);
  if (outer?.tag !== SEQUENCE) return undefined;
  const [type, content] = children(bytes, outer) ?? [];
  if (type?.tag !== OID || content?.tag !== CONTEXT_0) return undefined;
  const oid = bytes.subarray(type.valueStart, type.end);
  if (oid.length !== SIGNED_DATA.length || SIGNED_DATA.some((b, i) => oid[i] !== b)) return undefined;
  const signedData = children(bytes, content)?.[0];
  if (signedData?.tag !== SEQUENCE) return undefined;
  const parts = children(bytes, signedData);
  if (parts?.[0]?.tag !== INTEGER || parts[1]?.tag !== SET || parts[2]?.tag !== SEQUENCE) return undefined;
  const certificates = parts[3]?.tag === CONTEXT_0 ? children(bytes, parts[3]) : [];
  return certificates?.filter((c) => c.tag === SEQUENCE).map((c) => bytes.slice(c.start, c.end));
}
