import { constants, existsSync, readFileSync } from 'node:fs'
import { copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { z } from 'zod'
import { openPglite, type StoreDatabase } from './open-database.js'

// What a template holds besides the cluster: the PGlite version that made it (a cluster from another version may
// not start) and every directory and file, so a copy is exact even if a build cache drops empty directories.
const TemplateManifest = z.object({
  format: z.literal(1),
  pglite: z.string(),
  directories: z.array(z.string()),
  files: z.array(z.string()),
})
type TemplateManifest = z.infer<typeof TemplateManifest>

const MANIFEST = 'template.json'
const CLUSTER = 'pgdata'

export interface PgliteTemplateOptions {
  /**
   * Run on the new cluster before it is saved (the migrations, say). Whatever it writes is in every copy, so it
   * must write nothing that belongs to one installation: no log event, account or secret.
   */
  readonly prepare?: (database: StoreDatabase) => Promise<void>
}

/**
 * Makes `templateDir` hold a freshly initialised PGlite cluster (what PGlite's initdb writes, then `prepare`).
 * `openPglite({ template })` copies it into a new data directory instead of running initdb, which is most of a
 * first start. Replaces what `templateDir` held; a build makes it.
 */
export async function createPgliteTemplate(
  templateDir: string,
  options: PgliteTemplateOptions = {},
): Promise<void> {
  const building = `${templateDir}.building-${process.pid}`
  await rm(building, { recursive: true, force: true })
  try {
    const database = await openPglite({ dataDir: building })
    try {
      await options.prepare?.(database)
    } finally {
      await database.close()
    }
    const manifest: TemplateManifest = {
      format: 1,
      pglite: installedPgliteVersion(),
      ...(await listTree(join(building, CLUSTER))),
    }
    await writeFile(join(building, MANIFEST), `${JSON.stringify(manifest)}\n`)
    await rm(templateDir, { recursive: true, force: true })
    await rename(building, templateDir)
  } catch (error) {
    await rm(building, { recursive: true, force: true })
    throw error
  }
}

/**
 * Copies the template's cluster to `pgdataDir` if that is missing or empty. Returns false, and copies nothing,
 * when the template is missing or from another PGlite version, or `pgdataDir` has content (a database, or what
 * an initdb that stopped halfway left): PGlite then does as it would without a template. The caller holds the
 * data directory's lock.
 */
export async function copyPgliteTemplate(templateDir: string, pgdataDir: string): Promise<boolean> {
  if (existsSync(pgdataDir) && (await readdir(pgdataDir)).length > 0) return false
  const manifest = await readManifest(templateDir)
  if (manifest === undefined) return false
  // Copied beside the target and renamed into place, so a crash mid-copy never leaves a half cluster that
  // PGlite would take for a database.
  const staging = `${pgdataDir}.from-template`
  await rm(staging, { recursive: true, force: true })
  try {
    await mkdir(staging, { recursive: true })
    for (const directory of manifest.directories) await mkdir(join(staging, directory), { recursive: true })
    const source = join(templateDir, CLUSTER)
    // A copy-on-write clone where the file system has them (btrfs, XFS, APFS), else a plain copy.
    await Promise.all(
      manifest.files.map((file) =>
        copyFile(join(source, file), join(staging, file), constants.COPYFILE_FICLONE),
      ),
    )
    try {
      await rename(staging, pgdataDir)
    } catch (error) {
      // Something was put there meanwhile: leave it to PGlite, as when it was there before.
      if (isErrno(error, 'ENOTEMPTY') || isErrno(error, 'EEXIST')) return false
      throw error
    }
    return true
  } finally {
    await rm(staging, { recursive: true, force: true })
  }
}

async function readManifest(templateDir: string): Promise<TemplateManifest | undefined> {
  let text: string
  try {
    text = await readFile(join(templateDir, MANIFEST), 'utf8')
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined
    throw error
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return undefined
  }
  const parsed = TemplateManifest.safeParse(json)
  if (!parsed.success || parsed.data.pglite !== installedPgliteVersion()) return undefined
  return parsed.data
}

async function listTree(root: string): Promise<{ directories: string[]; files: string[] }> {
  const directories: string[] = []
  const files: string[] = []
  // Sorted, so the same cluster always gives the same manifest.
  for (const entry of (await readdir(root, { recursive: true, withFileTypes: true })).sort((a, b) =>
    join(a.parentPath, a.name).localeCompare(join(b.parentPath, b.name)),
  )) {
    const path = relative(root, join(entry.parentPath, entry.name))
    if (entry.isDirectory()) directories.push(path)
    else if (entry.isFile()) files.push(path)
    else throw new Error(`Unexpected entry in a fresh PGlite cluster: ${path}`)
  }
  return { directories, files }
}

let pgliteVersion: string | undefined

function installedPgliteVersion(): string {
  if (pgliteVersion === undefined) {
    // The package does not export its package.json; find it from its main module (dist/index.*).
    const main = createRequire(import.meta.url).resolve('@electric-sql/pglite')
    const packageJson = z
      .object({ name: z.literal('@electric-sql/pglite'), version: z.string() })
      .parse(JSON.parse(readFileSync(join(dirname(main), '..', 'package.json'), 'utf8')))
    pgliteVersion = packageJson.version
  }
  return pgliteVersion
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code
}
