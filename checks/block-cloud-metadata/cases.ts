import type { CheckCases } from '../../test/check-tester.js';

const policy = (egress: string, policyTypes = '[Egress]') => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: egress
  namespace: shop
spec:
  podSelector: {}
  policyTypes: ${policyTypes}
  egress:
${egress}`;

const ipBlock = (cidr: string, except?: string) =>
  `    - to:\n        - ipBlock:\n            cidr: ${cidr}\n${except ? `            except: ${except}\n` : ''}`;

export default {
  valid: [
    { name: '0.0.0.0/0 with the metadata address in except', code: policy(ipBlock('0.0.0.0/0', '[169.254.169.254/32]')) },
    { name: 'an except range that holds the address (169.254.0.0/16)', code: policy(ipBlock('0.0.0.0/0', '[10.0.0.0/8, 169.254.0.0/16]')) },
    { name: 'ranges that do not hold the address', code: policy(`${ipBlock('10.0.0.0/8')}${ipBlock('169.254.170.0/24')}${ipBlock('169.255.0.0/16')}`) },
    { name: 'IPv6 ::/0 with fd00:ec2::254 in except', code: policy(ipBlock('"::/0"', '["fd00:ec2::254/128"]')) },
    {
      name: 'pod and namespace peers do not reach the metadata address',
      code: policy('    - to:\n        - namespaceSelector: {}\n          podSelector: {matchLabels: {app: dns}}\n'),
    },
    {
      name: 'a rule limited to ports other than TCP 80',
      code: policy(
        `${ipBlock('0.0.0.0/0')}      ports:\n        - {protocol: TCP, port: 443}\n        - {protocol: UDP, port: 80}\n        - {port: 8000, endPort: 9000}\n`,
      ),
    },
    { name: 'egress rules are ignored when policyTypes leaves Egress out', code: policy(ipBlock('0.0.0.0/0'), '[Ingress]') },
    {
      name: 'a Calico NetworkPolicy has another shape',
      code: 'apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata:\n  name: x\n  namespace: shop\nspec:\n  egress:\n    - action: Allow\n',
    },
    {
      name: 'shape-hostile and invalid CIDRs do not throw',
      code: policy(
        `${ipBlock('0.0.0.0')}${ipBlock('300.0.0.0/0')}${ipBlock('0.0.0.0/33')}${ipBlock('"1::2::3/0"')}${ipBlock('[a]')}    - to: {a: b}\n    - 7\n    - to:\n        - ipBlock: 5\n`,
      ),
    },
    {
      name: 'multi-file: an open policy in a file that is only read is not reported',
      code: policy(ipBlock('0.0.0.0/0', '[169.254.169.254/32]')).replace('name: egress', 'name: safe'),
      files: { 'policies/open.yaml': policy(ipBlock('0.0.0.0/0')) },
    },
  ],
  invalid: [
    {
      name: '0.0.0.0/0 without except: reported on the cidr',
      code: policy(ipBlock('0.0.0.0/0')),
      errors: [
        {
          messageId: 'ipBlockHoldsMetadata',
          message:
            'NetworkPolicy "egress" egress[0] allows 0.0.0.0/0, which holds the cloud metadata address 169.254.169.254, so its pods can fetch the node\'s cloud credentials: add 169.254.169.254/32 to the ipBlock\'s except',
          line: 12,
          column: 19,
          endLine: 12,
          endColumn: 28,
        },
      ],
    },
    {
      name: 'link-local ranges, an except that misses the address, host bits set',
      code: policy(`${ipBlock('169.254.0.0/16', '[169.254.170.0/24]')}${ipBlock('169.254.169.254/32')}${ipBlock('169.254.169.1/24')}`),
      errors: [
        {
          messageId: 'ipBlockHoldsMetadata',
          message:
            'NetworkPolicy "egress" egress[0] allows 169.254.0.0/16, which holds the cloud metadata address 169.254.169.254, so its pods can fetch the node\'s cloud credentials: add 169.254.169.254/32 to the ipBlock\'s except',
          line: 12,
          column: 19,
        },
        {
          messageId: 'ipBlockHoldsMetadata',
          message:
            'NetworkPolicy "egress" egress[1] allows 169.254.169.254/32, which holds the cloud metadata address 169.254.169.254, so its pods can fetch the node\'s cloud credentials: add 169.254.169.254/32 to the ipBlock\'s except',
          line: 16,
          column: 19,
        },
        {
          messageId: 'ipBlockHoldsMetadata',
          message:
            'NetworkPolicy "egress" egress[2] allows 169.254.169.1/24, which holds the cloud metadata address 169.254.169.254, so its pods can fetch the node\'s cloud credentials: add 169.254.169.254/32 to the ipBlock\'s except',
          line: 19,
          column: 19,
        },
      ],
    },
    {
      name: "IPv6: ::/0 and fd00::/8 hold AWS's fd00:ec2::254; an IPv4 except does not cover it",
      code: policy(`${ipBlock('"::/0"', '[169.254.169.254/32]')}${ipBlock('fd00::/8')}`),
      errors: [
        {
          messageId: 'ipBlockHoldsMetadata',
          message:
            'NetworkPolicy "egress" egress[0] allows ::/0, which holds the cloud metadata address fd00:ec2::254, so its pods can fetch the node\'s cloud credentials: add fd00:ec2::254/128 to the ipBlock\'s except',
          line: 12,
          column: 19,
        },
        {
          messageId: 'ipBlockHoldsMetadata',
          message:
            'NetworkPolicy "egress" egress[1] allows fd00::/8, which holds the cloud metadata address fd00:ec2::254, so its pods can fetch the node\'s cloud credentials: add fd00:ec2::254/128 to the ipBlock\'s except',
          line: 16,
          column: 19,
        },
      ],
    },
    {
      name: 'a rule without "to" allows every destination; ports that may reach TCP 80 (a range, a named port)',
      code: policy('    - ports:\n        - {port: 1, endPort: 1024}\n    - to: []\n      ports:\n        - port: http\n    - {}\n'),
      errors: [
        {
          messageId: 'allowsEveryDestination',
          message:
            'NetworkPolicy "egress" egress[0] has no "to", so it allows every destination, the cloud metadata address 169.254.169.254 included: list the destinations, or use an ipBlock 0.0.0.0/0 with except: [169.254.169.254/32]',
          line: 10,
          column: 7,
        },
        {
          messageId: 'allowsEveryDestination',
          message:
            'NetworkPolicy "egress" egress[1] has no "to", so it allows every destination, the cloud metadata address 169.254.169.254 included: list the destinations, or use an ipBlock 0.0.0.0/0 with except: [169.254.169.254/32]',
          line: 12,
          column: 7,
        },
        {
          messageId: 'allowsEveryDestination',
          message:
            'NetworkPolicy "egress" egress[2] has no "to", so it allows every destination, the cloud metadata address 169.254.169.254 included: list the destinations, or use an ipBlock 0.0.0.0/0 with except: [169.254.169.254/32]',
          line: 15,
          column: 7,
        },
      ],
    },
  ],
} satisfies CheckCases;
