import { isRecord } from '../../src/k8s/index.js';
import type { Check, Finding } from '../../src/check-api.js';
import { groupOf } from '../../src/k8s/index.js';
import { cidrContains, parseAddress, parseCidr } from './cidr.js';

/** Cloud instance metadata endpoints: 169.254.169.254 (AWS, GCP, Azure, OpenStack...) and AWS's IPv6 address. */
const METADATA_TEXT = ['169.254.169.254', 'fd00:ec2::254'];
type Address = NonNullable<ReturnType<typeof parseAddress>>;
let metadata: Address[] | undefined;
/** METADATA_TEXT parsed, on first use: parsing them when the module loads was ~0.1 ms of every run's start. */
const metadataAddresses = (): Address[] => (metadata ??= METADATA_TEXT.map((text) => parseAddress(text)!));
/** The metadata services answer HTTP on TCP port 80. */
const METADATA_PORT = 80;

/** Whether an egress rule's `ports` can match TCP port 80 (no ports: every port; a named port may be anything). */
function mayReachPort80(ports: unknown): boolean {
  if (!Array.isArray(ports) || ports.length === 0) return true;
  return ports.some((p) => {
    if (!isRecord(p)) return false;
    if (p.protocol !== undefined && p.protocol !== null && p.protocol !== 'TCP') return false;
    if (p.port === undefined || p.port === null || typeof p.port === 'string') return true;
    if (typeof p.port !== 'number') return false;
    if (p.port === METADATA_PORT) return true;
    return typeof p.endPort === 'number' && p.port <= METADATA_PORT && METADATA_PORT <= p.endPort;
  });
}

const check: Check = {
  meta: {
    id: 'block-cloud-metadata',
    description: 'NetworkPolicy egress rules that allow IP ranges holding the cloud metadata address (169.254.169.254, fd00:ec2::254) list it in except.',
    severity: 'warning',
    kinds: ['NetworkPolicy'],
    scope: 'object',
    guideline:
      'NSA/CISA Kubernetes Hardening Guide: network separation, restrict egress (block pod access to the cloud instance metadata service and the node credentials it serves)',
    messages: {
      ipBlockHoldsMetadata:
        "{{object}} egress[{{rule}}] allows {{cidr}}, which holds the cloud metadata address {{address}}, so its pods can fetch the node's cloud credentials: add {{exceptCidr}} to the ipBlock's except",
      allowsEveryDestination:
        '{{object}} egress[{{rule}}] has no "to", so it allows every destination, the cloud metadata address 169.254.169.254 included: list the destinations, or use an ipBlock 0.0.0.0/0 with except: [169.254.169.254/32]',
    },
    remediation:
      'Add the metadata address (169.254.169.254/32, and fd00:ec2::254/128 on IPv6) to the except list of every egress ipBlock that holds it, or allow only the destinations the pods need.',
  },
  *check(resource): Generator<Finding> {
    const group = groupOf(resource.apiVersion);
    if (group !== 'networking.k8s.io' && group !== 'extensions') return;
    const spec = resource.object.spec;
    if (!isRecord(spec) || !Array.isArray(spec.egress)) return;
    // Egress rules are ignored when policyTypes is given without Egress.
    if (Array.isArray(spec.policyTypes) && !spec.policyTypes.includes('Egress')) return;
    for (const [rule, egress] of spec.egress.entries()) {
      if (!isRecord(egress) || !mayReachPort80(egress.ports)) continue;
      const to = egress.to;
      if (to === undefined || to === null || (Array.isArray(to) && to.length === 0)) {
        yield { messageId: 'allowsEveryDestination', data: { rule }, path: ['spec', 'egress', rule] };
        continue;
      }
      if (!Array.isArray(to)) continue;
      for (const [peer, entry] of to.entries()) {
        if (!isRecord(entry) || !isRecord(entry.ipBlock)) continue;
        const cidr = parseCidr(entry.ipBlock.cidr);
        if (!cidr) continue;
        const excepts = Array.isArray(entry.ipBlock.except) ? entry.ipBlock.except.map(parseCidr) : [];
        for (const [i, address] of metadataAddresses().entries()) {
          if (!cidrContains(cidr, address)) continue;
          if (excepts.some((e) => e !== undefined && cidrContains(e, address))) continue;
          const text = METADATA_TEXT[i];
          yield {
            messageId: 'ipBlockHoldsMetadata',
            data: { rule, cidr: String(entry.ipBlock.cidr), address: text, exceptCidr: address.family === 4 ? `${text}/32` : `${text}/128` },
            path: ['spec', 'egress', rule, 'to', peer, 'ipBlock', 'cidr'],
          };
        }
      }
    }
  },
};

export default check;
