/**
 * The CDK app: `npx cdk synth|deploy --all -c stage=<name>` (default `dev`). See docs/deploy.md.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildMosaic, optionsFromContext } from '../infra/cdk/mosaic-app.ts';

const app = new App();
buildMosaic(app, optionsFromContext(app));
// cdk-nag: any unacknowledged AwsSolutions error fails the synth; warnings are printed (and kept at zero).
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
