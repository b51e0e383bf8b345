import { describe, expect, it } from 'vitest';
import { cidrContains, parseAddress, parseCidr } from './cidr.js';

const v4 = parseAddress('169.254.169.254')!;
const v6 = parseAddress('fd00:ec2::254')!;
const holds = (cidr: string, address = v4) => cidrContains(parseCidr(cidr)!, address);

describe('cidr', () => {
  it('parses IPv4 and IPv6 addresses, compressed or not, with a dotted IPv4 tail', () => {
    expect(parseAddress('169.254.169.254')).toEqual({ family: 4, value: 0xa9fea9fen });
    expect(parseAddress('fd00:ec2:0:0:0:0:0:254')).toEqual(v6);
    expect(parseAddress('fd00:0ec2::0254')).toEqual(v6);
    expect(parseAddress('::ffff:169.254.169.254')).toEqual({ family: 6, value: 0xffffa9fea9fen });
    expect(parseAddress('::')).toEqual({ family: 6, value: 0n });
  });

  it('refuses malformed addresses and blocks', () => {
    for (const bad of [
      '1.2.3',
      '1.2.3.4.5',
      '256.1.1.1',
      '1.2.3.x',
      '1::2::3',
      ':1:2:3:4:5:6:7',
      '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7::8',
      '1.2.3.4::',
      'fe80::1%eth0',
      '12345::',
    ]) {
      expect(parseAddress(bad), bad).toBeUndefined();
    }
    for (const bad of ['10.0.0.0', '10.0.0.0/33', '::/129', '10.0.0.0/-1', '10.0.0.0/a', 42, null]) {
      expect(parseCidr(bad), String(bad)).toBeUndefined();
    }
  });

  it('tests containment on the prefix bits, ignoring host bits', () => {
    expect(holds('0.0.0.0/0')).toBe(true);
    expect(holds('169.254.0.0/16')).toBe(true);
    expect(holds('169.254.169.254/32')).toBe(true);
    expect(holds('169.254.169.1/24')).toBe(true);
    expect(holds('169.254.169.255/31')).toBe(true);
    expect(holds('169.254.169.252/31')).toBe(false);
    expect(holds('169.254.169.252/30')).toBe(true);
    expect(holds('169.255.0.0/16')).toBe(false);
    expect(holds('128.0.0.0/1')).toBe(true);
    expect(holds('0.0.0.0/1')).toBe(false);
  });

  it('never mixes families', () => {
    expect(holds('::/0')).toBe(false);
    expect(holds('0.0.0.0/0', v6)).toBe(false);
    expect(holds('::/0', v6)).toBe(true);
    expect(holds('fd00::/8', v6)).toBe(true);
    expect(holds('fd00:ec2::/32', v6)).toBe(true);
    expect(holds('fd00:ec3::/32', v6)).toBe(false);
  });
});
