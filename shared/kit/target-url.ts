/**
 * The one check of a URL a user gives for Mosaic to call (an outgoing webhook, a monitoring
 * connection's server, a browser's push endpoint): https, no credentials in the URL, and not an
 * address inside the network Mosaic runs in.
 *
 * In the cloud every loopback, private, link-local, shared (CGNAT), unique-local, multicast or
 * unspecified address literal and every `localhost` name is refused: a project owner must not be
 * able to point Mosaic at what only Mosaic can reach. On the local runtime (a laptop, a household
 * server) loopback and private addresses are the point (the household's own Grafana on the LAN),
 * plain http included, so only link-local (the cloud metadata range) and multicast stay refused.
 * Names are not resolved here: in the cloud the functions run outside any VPC, where private
 * addresses lead nowhere.
 */
import { BlockList, isIP } from 'node:net';

/** Ranges never called, anywhere. */
const NEVER = new BlockList();
NEVER.addSubnet('169.254.0.0', 16, 'ipv4');
NEVER.addSubnet('224.0.0.0', 4, 'ipv4');
NEVER.addSubnet('240.0.0.0', 4, 'ipv4');
NEVER.addSubnet('fe80::', 10, 'ipv6');
NEVER.addSubnet('ff00::', 8, 'ipv6');

/** Ranges of the network Mosaic runs in: called only by the local runtime. */
const INSIDE = new BlockList();
for (const [net, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16]] as const) {
  INSIDE.addSubnet(net, prefix, 'ipv4');
}
INSIDE.addAddress('::', 'ipv6');
INSIDE.addAddress('::1', 'ipv6');
INSIDE.addSubnet('fc00::', 7, 'ipv6');

/** An IPv4 address an IPv6 literal maps (`::ffff:127.0.0.1`, as the URL parser writes it: `::ffff:7f00:1`). */
function mappedIpv4(address: string): string | undefined {
  const m = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!m) return undefined;
  const [hi, lo] = [parseInt(m[1]!, 16), parseInt(m[2]!, 16)];
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}

/** Where a host is: `never` (link-local, multicast), `inside` (loopback, private, localhost) or `public`. */
function placeOf(hostname: string): 'never' | 'inside' | 'public' {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return 'inside';
  const family = isIP(host);
  if (!family) return 'public';
  const v4 = family === 6 ? mappedIpv4(host) : host;
  const [address, type] = v4 ? [v4, 'ipv4' as const] : [host, 'ipv6' as const];
  if (NEVER.check(address, type)) return 'never';
  return INSIDE.check(address, type) ? 'inside' : 'public';
}

/**
 * What is wrong with `value` as a URL for Mosaic to call, as the end of a sentence
 * ("must be an https URL"), or undefined when it may be called.
 * @param local the local runtime: http and addresses inside the network are allowed (see above)
 */
export function targetUrlProblem(value: string, local: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a URL';
  }
  const place = placeOf(url.hostname);
  // Plain http only to a host inside the local runtime's own network: credentials never cross the internet in clear.
  const plainInside = local && place === 'inside' && url.protocol === 'http:';
  if (url.protocol !== 'https:' && !plainInside) return 'must be an https URL';
  if (url.username || url.password) return 'must not hold a user name or password (credentials go in the secret fields)';
  if (place === 'never' || (place === 'inside' && !local)) return 'must name a public host (not a loopback, private or link-local address)';
  return undefined;
}
