import { containerLabel, WORKLOAD_KINDS } from '../../src/k8s/index.js';
import { perContainerCheck } from '../_lib/per-container.js';

/** The tag of an image reference (`registry:5000/team/app:1.2` → `1.2`), or undefined when it has none. */
function tagOf(image: string): string | undefined {
  const name = image.slice(image.lastIndexOf('/') + 1);
  const colon = name.indexOf(':');
  return colon === -1 ? undefined : name.slice(colon + 1);
}

export default perContainerCheck({
  meta: {
    id: 'image-tag',
    description: 'Images must be pinned: a version tag other than latest, or a digest.',
    severity: 'warning',
    kinds: WORKLOAD_KINDS,
    scope: 'object',
    guideline:
      'NSA/CISA Kubernetes Hardening Guide: use trusted, scanned images (an unpinned image is not the one that was scanned); CIS Kubernetes Benchmark 5.5.1 (configure image provenance)',
    messages: {
      noTag:
        '{{object}} {{container}} uses the image "{{image}}" with no tag, so it runs whatever latest points to when the node pulls; pin a version tag or a digest (@sha256:...)',
      latestTag: '{{object}} {{container}} uses the image "{{image}}" with the tag latest, which moves; pin a version tag or a digest (@sha256:...)',
    },
    remediation:
      'Pin every image to a version tag (nginx:1.27.3), or better to a digest (nginx:1.27.3@sha256:...), so what runs is what was reviewed and scanned.',
  },
  windowsPods: 'check',
  container(c) {
    const image = c.container.image;
    // A missing or non-string image is the schema stage's business.
    if (typeof image !== 'string' || image.trim() === '' || image.includes('@')) return;
    const tag = tagOf(image.trim());
    const data = { container: containerLabel(c), image };
    const path = [...c.path, 'image'];
    if (tag === undefined || tag === '') return { messageId: 'noTag', data, path };
    if (tag === 'latest') return { messageId: 'latestTag', data, path };
  },
});
