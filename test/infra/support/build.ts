import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, NestedStack, Validations, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { functionCatalog, ROUTE_TABLE, type FunctionSpec } from '../../../infra/cdk/function-catalog.ts';
import {
  buildMosaic,
  DEFAULT_THROTTLE,
  PROJECT_ROOT,
  type MosaicStacks,
} from '../../../infra/cdk/mosaic-app.ts';
import { stageNames } from '../../../infra/cdk/stage-names.ts';
import { parseOrigins } from '../../../infra/origins.ts';
import { assemblyDir } from './assemblies.ts';

/** The context cdk.json gives the CLI app (feature flags), so tests synthesize the same templates. */
const CDK_CONTEXT = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> })
  .context;

export interface TemplateOf {
  /** Construct path of the (nested) stack. */
  path: string;
  stack: Stack;
  template: Template;
}

export interface BuiltStage {
  app: App;
  stacks: MosaicStacks;
  specs: FunctionSpec[];
  names: ReturnType<typeof stageNames>;
  /** Every template of the stage: the five stacks and all their nested stacks. */
  templates: TemplateOf[];
  /** Resources of one type across every template. */
  resources(type: string): Array<{ id: string; resource: any; template: TemplateOf }>;
  /** The cdk-nag AwsSolutions report (the plugin the app carries, run directly for its warnings). */
  nagReport(): ReturnType<AwsSolutionsChecks['validateScope']>;
}

const cache = new Map<string, BuiltStage>();

/** Builds and synthesizes the whole app for one stage, in-process, as bin/cdk.ts does. */
export function buildStage(stage: string, context: Record<string, unknown> = {}): BuiltStage {
  const key = `${stage}:${JSON.stringify(context)}`;
  const cached = cache.get(key);
  if (cached) return cached;

  const app = new App({
    outdir: assemblyDir(stage),
    // Assets are fingerprinted as usual but not copied into the temporary cloud assembly (~2 s
    // per app): templates are identical, and the tests never publish.
    context: { ...CDK_CONTEXT, 'aws:cdk:disable-asset-staging': true, ...context, stage },
  });
  const stacks = buildMosaic(app, {
    stage,
    corsOrigins: parseOrigins((context.corsOrigins as string | undefined) ?? '', 'corsOrigins'),
    throttle: DEFAULT_THROTTLE,
    root: PROJECT_ROOT,
    table: ROUTE_TABLE,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  // Synthesis runs cdk-nag: an unacknowledged error throws here with the report.
  app.synth();

  const topLevel: Stack[] = [...(stacks.edge ? [stacks.edge] : []), stacks.data, stacks.auth, stacks.camera, ...(stacks.realtime ? [stacks.realtime] : []), stacks.api, stacks.web, stacks.ops];
  const templates: TemplateOf[] = topLevel.flatMap((stack) => [
    { path: stack.node.path, stack, template: Template.fromStack(stack) },
    ...stack.node
      .findAll()
      .filter((c): c is NestedStack => NestedStack.isNestedStack(c))
      .map((nested) => ({ path: nested.node.path, stack: nested, template: Template.fromStack(nested) })),
  ]);

  const built: BuiltStage = {
    app,
    stacks,
    specs: functionCatalog(),
    names: stageNames(stage),
    templates,
    resources(type) {
      return templates.flatMap((t) =>
        Object.entries(t.template.findResources(type)).map(([id, resource]) => ({ id, resource, template: t })),
      );
    },
    nagReport() {
      return new AwsSolutionsChecks().validateScope(app);
    },
  };
  cache.set(key, built);
  return built;
}

/** IAM statements of a role (its inline policies and every AWS::IAM::Policy attached to it). */
export function statementsOfRole(t: TemplateOf, roleLogicalId: string): any[] {
  const role = t.template.toJSON().Resources[roleLogicalId];
  const inline = (role?.Properties?.Policies ?? []).flatMap((p: any) => p.PolicyDocument.Statement);
  const attached = Object.values(t.template.findResources('AWS::IAM::Policy'))
    .filter((p: any) => (p.Properties.Roles ?? []).some((r: any) => r.Ref === roleLogicalId))
    .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
  return [...inline, ...attached];
}

export function asList<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** Our functions (named `mosaic-<stage>-…`), by their table name, with their IAM statements. */
export function ourFunctions(built: BuiltStage) {
  const byName = new Map(built.specs.map((s) => [built.names.function(s.name), s]));
  return built
    .resources('AWS::Lambda::Function')
    .filter(({ resource }) => typeof resource.Properties.FunctionName === 'string' && byName.has(resource.Properties.FunctionName))
    .map(({ id, resource, template }) => {
      const roleId: string = resource.Properties.Role['Fn::GetAtt'][0];
      const statements = statementsOfRole(template, roleId);
      return {
        id,
        resource,
        template,
        spec: byName.get(resource.Properties.FunctionName)!,
        statements,
        actions: statements.filter((s) => s.Effect === 'Allow').flatMap((s) => asList<string>(s.Action)),
      };
    });
}
