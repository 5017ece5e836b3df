// Where a webhook may go (docs/decisions/216-webhook-targets.md). Checked twice: when an admin
// saves an endpoint (a clear message), and again on every delivery at connection time — the
// HTTP request resolves the name through `guardedLookup`, which refuses a private address, so a
// name that resolved to a public address at save time and to 127.0.0.1 later (DNS rebinding)
// is still refused, and the address checked is the address connected to.
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP } from "node:net";

/** IPv4 ranges that are not the public internet (RFC 6890 and its successors). */
const PRIVATE_V4: Array<[string, number]> = [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8], // private (RFC 1918)
  ["100.64.0.0", 10], // carrier-grade NAT (RFC 6598)
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, cloud metadata (169.254.169.254)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay anycast
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
];

function v4ToInt(address: string): number {
  return address.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
}

function isPrivateV4(address: string): boolean {
  const n = v4ToInt(address);
  return PRIVATE_V4.some(([base, bits]) => {
    const size = 2 ** (32 - bits);
    const start = v4ToInt(base);
    return n >= start && n < start + size;
  });
}

/** The eight 16-bit groups of an IPv6 address (with an embedded IPv4 tail expanded). */
function v6Groups(address: string): number[] {
  let text = address.toLowerCase().split("%")[0]!;
  const v4Tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4Tail) {
    const n = v4ToInt(v4Tail[1]!);
    text =
      text.slice(0, -v4Tail[1]!.length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.split("::") as [string, string | undefined];
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const fill = tail === undefined ? [] : Array(8 - headGroups.length - tailGroups.length).fill("0");
  return [...headGroups, ...fill, ...tailGroups].map((g) => parseInt(g || "0", 16));
}

function isPrivateV6(address: string): boolean {
  const g = v6Groups(address);
  const embeddedV4 = () => [g[6]! >> 8, g[6]! & 0xff, g[7]! >> 8, g[7]! & 0xff].join(".");
  if (g.slice(0, 7).every((x) => x === 0) && (g[7] === 0 || g[7] === 1)) return true; // :: and ::1
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return isPrivateV4(embeddedV4()); // ::ffff:a.b.c.d
  if (g.slice(0, 6).every((x) => x === 0)) return true; // deprecated IPv4-compatible
  if (g[0] === 0x64 && g[1] === 0xff9b) return isPrivateV4(embeddedV4()); // NAT64
  if (g[0] === 0x2002)
    return isPrivateV4([g[1]! >> 8, g[1]! & 0xff, g[2]! >> 8, g[2]! & 0xff].join(".")); // 6to4
  if ((g[0]! & 0xfe00) === 0xfc00) return true; // unique local fc00::/7
  if ((g[0]! & 0xffc0) === 0xfe80) return true; // link-local fe80::/10
  if ((g[0]! & 0xffc0) === 0xfec0) return true; // site-local (deprecated)
  if ((g[0]! & 0xff00) === 0xff00) return true; // multicast
  if (g[0] === 0x2001 && g[1] === 0x0db8) return true; // documentation
  if (g[0] === 0x0100 && g.slice(1, 4).every((x) => x === 0)) return true; // discard-only
  return false;
}

/** True for loopback, private, link-local, multicast and other non-public addresses. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address.split("%")[0]!);
  if (family === 4) return isPrivateV4(address);
  if (family === 6) return isPrivateV6(address);
  return true;
}

export type TargetPolicy = {
  /** Plain http allowed (outside production, or for an allowed private endpoint). */
  allowHttp: boolean;
  /** Loopback, private and link-local addresses allowed. */
  allowPrivate: boolean;
  /** Check IP literals only: at delivery the connection's own lookup checks names. */
  literalOnly?: boolean;
};

export type TargetCheck = { ok: true; url: URL } | { ok: false; message: string };

/** The host as connect() sees it: URL keeps IPv6 literals in brackets. */
function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

function resolveAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );
}

/** The save-time check: scheme, credentials, and every address the name resolves to now. */
export async function checkWebhookTarget(raw: string, policy: TargetPolicy): Promise<TargetCheck> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: "Enter a full URL, such as https://hooks.example.com/assay" };
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && policy.allowHttp)) {
    return {
      ok: false,
      message:
        url.protocol === "http:"
          ? "Use an https:// address: webhooks carry signed data and are sent only over TLS"
          : "Use an https:// address",
    };
  }
  if (url.username || url.password)
    return { ok: false, message: "Leave the user name and password out of the URL" };
  if (policy.allowPrivate) return { ok: true, url };
  const host = bareHost(url);
  if (isIP(host)) {
    return isPrivateAddress(host)
      ? { ok: false, message: privateMessage(host) }
      : { ok: true, url };
  }
  if (policy.literalOnly) return { ok: true, url };
  let addresses: LookupAddress[];
  try {
    addresses = await resolveAll(host);
  } catch {
    return { ok: false, message: `The name ${host} could not be resolved` };
  }
  const blocked = addresses.find((a) => isPrivateAddress(a.address));
  if (blocked) return { ok: false, message: privateMessage(host, blocked.address) };
  return { ok: true, url };
}

function privateMessage(host: string, address?: string): string {
  const where = address && address !== host ? `${host} resolves to ${address}, which` : host;
  return `${where} is a loopback, private or link-local address: webhooks go only to public addresses`;
}

export class BlockedAddressError extends Error {
  code = "EBLOCKEDADDRESS";
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for http.request: resolves as usual, then refuses private addresses, so the address
 * connected to is the address checked (no window for DNS rebinding between check and connect).
 */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => {
      if (error) return callback(error, "");
      const usable = allowPrivate
        ? addresses
        : addresses.filter((a) => !isPrivateAddress(a.address));
      if (usable.length === 0) {
        return callback(
          new BlockedAddressError(
            privateMessage(hostname, addresses[0]?.address) + " (checked again at delivery)",
          ),
          "",
        );
      }
      if (options.all) return callback(null, usable);
      callback(null, usable[0]!.address, usable[0]!.family);
    });
  };
}
