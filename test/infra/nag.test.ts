import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CfnResource, type Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../infra/cdk/mosaic-app.ts';
import { buildStage } from './support/build.ts';

/** A reason says why the finding is acceptable HERE: long, specific, no placeholder. */
function assertSpecificReason(id: string, reason: unknown): void {
  expect(typeof reason, id).toBe('string');
  const text = String(reason);
  expect(text.length, `${id}: reason too short`).toBeGreaterThanOrEqual(80);
  expect(text.split(/\s+/).length, `${id}: reason too vague`).toBeGreaterThanOrEqual(12);
  expect(text, id).not.toMatch(/\b(todo|tbd|fixme|n\/a|not needed|suppress(ed)?)\b/i);
}

const deployDoc = readFileSync(join(PROJECT_ROOT, 'docs/deploy.md'), 'utf8');

for (const stage of ['test', 'prod']) {
  describe(`cdk-nag AwsSolutions, stage ${stage}`, () => {
    const built = buildStage(stage);
    const topLevel: Stack[] = [...(built.stacks.edge ? [built.stacks.edge] : []), built.stacks.data, built.stacks.auth, built.stacks.camera, ...(built.stacks.realtime ? [built.stacks.realtime] : []), built.stacks.api, built.stacks.web, built.stacks.ops];

    it('reports no unacknowledged error and no unacknowledged warning', () => {
      const report = built.nagReport();
      const open = report.violations.map(
        (v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
      );
      expect(open).toEqual([]);
      expect(report.success).toBe(true);
    });

    it('leaves no error or warning annotation on any stack', () => {
      for (const stack of topLevel) {
        expect(Annotations.fromStack(stack).findError('*', Match.anyValue()), stack.stackName).toEqual([]);
        expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue()), stack.stackName).toEqual([]);
      }
    });

    const acknowledgements = built.app.node
      .findAll()
      .flatMap((construct) =>
        construct.node.metadata
          .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .flatMap((m) => Object.entries(m.data as Record<string, string>))
          .map(([id, reason]) => ({ construct, id: id.replace(/^annotation::/i, ''), reason })),
      )
      // CDK's own acknowledgements of CloudFormation validation rules (the camera VPC's W3010 for
      // Fn::GetAZs, F3002 on its flow log): not cdk-nag findings, and not ours to word.
      .filter(({ id }) => !id.startsWith('CloudFormation-Validate::'));

    it('acknowledges findings one resource at a time, each with a specific reason', () => {
      expect(acknowledgements.length).toBeGreaterThan(0);
      for (const { construct, id, reason } of acknowledgements) {
        expect(CfnResource.isCfnResource(construct), `${id} at ${construct.node.path}`).toBe(true);
        expect(id).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
        // Multi-finding rules are acknowledged one finding at a time, never wholesale.
        if (/^AwsSolutions-IAM[45]/.test(id)) expect(id, construct.node.path).toMatch(/\[.+\]$/);
        assertSpecificReason(id, reason);
      }
    });

    it('writes every acknowledgement, with its reason, into the synthesized template metadata', () => {
      const inTemplates = built.templates.flatMap(({ template }) =>
        Object.values(template.toJSON().Resources as Record<string, any>).flatMap(
          (resource) => resource.Metadata?.cdk_nag?.rules_to_suppress ?? [],
        ),
      );
      expect(inTemplates).toHaveLength(acknowledgements.length);
      for (const rule of inTemplates) assertSpecificReason(rule.id, rule.reason);
    });

    it('documents every acknowledged rule in docs/deploy.md', () => {
      const rules = new Set(acknowledgements.map(({ id }) => id.replace(/\[.*$/, '')));
      for (const rule of rules) expect(deployDoc, rule).toContain(rule);
    });
  });
}
