import type { PostmanImportResult } from '../../../preload/schemas/collections';
import { baseName } from '../collections/collection-paths';
import type { CollectionService } from '../collections/collection-service';
import type { SecretFinding } from '../collections/secret-check';
import { isAppError } from '../errors';
import type { PlanItem, PostmanPlan } from './postman-plan';

export { planPostmanImport, type PostmanPlan } from './postman-plan';

/** Writes a plan into a collection folder: new folders get unique names, request files unique slugs. */
export async function writePostmanPlan(
  service: CollectionService,
  collectionId: string,
  folder: string,
  plan: PostmanPlan,
): Promise<PostmanImportResult> {
  const result: PostmanImportResult = {
    written: [],
    folders: [],
    variablesAdded: [],
    secretVariablesAdded: [],
    warnings: [...plan.warnings],
  };

  const write = async (items: PlanItem[], into: string): Promise<string[]> => {
    const order: string[] = [];
    for (const item of items) {
      if (item.kind === 'folder') {
        const { path } = await service.createFolder(collectionId, into, item.name, {
          unique: true,
          ...(item.description ? { description: item.description } : {}),
        });
        result.folders.push(path);
        order.push(baseName(path));
        const childOrder = await write(item.children, path);
        if (childOrder.length > 1) await service.setFolderOrder(collectionId, path, childOrder);
        continue;
      }
      try {
        const saved = await service.save(collectionId, { folder: into, request: item.request });
        result.written.push({ path: saved.path, name: item.request.name });
        order.push(baseName(saved.path));
      } catch (err) {
        if (!isAppError(err) || err.code !== 'secret_not_allowed') throw err;
        const findings =
          (err.details as { findings?: SecretFinding[] } | undefined)?.findings ?? [];
        const where = findings.map((f) => `${f.where} "${f.name}"`).join(', ');
        result.warnings.push(
          `"${item.request.name}" was not imported: it holds a credential in clear (${where}). Replace it with a {{variable}} in Postman and import again.`,
        );
      }
    }
    return order;
  };
  await write(plan.items, folder);

  const summary = await service.summary(collectionId);
  const newVars = Object.entries(plan.variables).filter(
    ([k]) => !(k in summary.variables) && !summary.secretVariables.includes(k),
  );
  for (const [k, v] of Object.entries(plan.variables)) {
    if (k in summary.variables && summary.variables[k] !== v) {
      result.warnings.push(
        `The variable "${k}" already exists in this collection; its value was kept.`,
      );
    }
  }
  const newSecrets = plan.secretVariables.filter(
    (k) => !summary.secretVariables.includes(k) && !(k in summary.variables),
  );
  if (newVars.length || newSecrets.length) {
    await service.saveSettings(collectionId, {
      variables: { ...summary.variables, ...Object.fromEntries(newVars) },
      secretVariables: [...summary.secretVariables, ...newSecrets],
    });
  }
  result.variablesAdded = newVars.map(([k]) => k);
  result.secretVariablesAdded = newSecrets;
  return result;
}
