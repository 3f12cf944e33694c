/**
 * The CDK app: `npx cdk synth|deploy --all -c stage=<name>` (default `dev`). See docs/deploy.md.
 */
import { App, CfnResource, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildMosaic, optionsFromContext } from '../infra/cdk/mosaic-app.ts';
import { consumers, routeList, schedules } from '../infra/routes/index.ts';
import { isPerUser } from '../infra/routes/types.ts';

const app = new App();
const { stage } = buildMosaic(app, optionsFromContext(app));
// cdk-nag: any unacknowledged AwsSolutions error fails the synth; warnings are printed (and kept at zero).
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();

// Reached only when the validation passed: say so, with what the stage holds.
const resources = app.node.findAll().filter((c): c is CfnResource => c instanceof CfnResource);
const acknowledged = resources.reduce(
  (n, r) => n + ((r.getMetadata('cdk_nag') as { rules_to_suppress?: unknown[] } | undefined)?.rules_to_suppress?.length ?? 0),
  0,
);
const functions = resources.filter((r) => r.cfnResourceType === 'AWS::Lambda::Function' && /Functions\/[^/]+\/Function\/Resource$/.test(r.node.path)).length;
const consumerCount = Object.keys(consumers).length;
const scheduled = Object.values(schedules);
const functionSchedules = scheduled.filter((s) => !isPerUser(s)).length;
console.error(
  `Stage ${stage.name}: ${functions} Mosaic functions (${routeList.length} routes + fallback + ${consumerCount} consumers + ${functionSchedules} scheduled functions, one each; ` +
    `${scheduled.length - functionSchedules} per-user schedules fan out through the user-pages queue). ` +
    `cdk-nag AwsSolutions: no unacknowledged findings; ${acknowledged} acknowledged, each with its reason (docs/deploy.md).`,
);
