// Builds the front-end into build/static/ (served by Django via
// STATICFILES_DIRS). Run with `npm run build`. The output folder is wiped
// first, so every build starts from scratch.
import { cp, mkdir, rm, writeFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as sass from 'sass'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const out = join(root, 'build', 'static')
const govukDist = join(root, 'node_modules', 'govuk-frontend', 'dist', 'govuk')
const htmxDist = join(root, 'node_modules', 'htmx.org', 'dist')

async function copy (from, to) {
  await mkdir(dirname(to), { recursive: true })
  await cp(from, to, { recursive: true })
}

async function buildCss () {
  const result = sass.compile(join(root, 'frontend', 'scss', 'app.scss'), {
    importers: [new sass.NodePackageImporter(root)],
    style: 'compressed',
    // Warnings from inside govuk-frontend are not ours to fix.
    quietDeps: true
  })
  await mkdir(join(out, 'govuk'), { recursive: true })
  await writeFile(join(out, 'govuk', 'app.css'), result.css + '\n')
}

async function main () {
  const started = Date.now()
  await rm(out, { recursive: true, force: true })

  await Promise.all([
    buildCss(),
    // Fonts, images and manifest.json.
    copy(join(govukDist, 'assets'), join(out, 'govuk', 'assets')),
    // The source map is referenced from the script (sourceMappingURL), and
    // ManifestStaticFilesStorage fails collectstatic if it is missing.
    copy(join(govukDist, 'govuk-frontend.min.js'), join(out, 'govuk', 'govuk-frontend.min.js')),
    copy(join(govukDist, 'govuk-frontend.min.js.map'), join(out, 'govuk', 'govuk-frontend.min.js.map')),
    copy(join(htmxDist, 'htmx.min.js'), join(out, 'htmx', 'htmx.min.js')),
    copy(join(root, 'frontend', 'js', 'init.js'), join(out, 'localperf', 'init.js')),
    copy(join(root, 'frontend', 'js', 'js-enabled.js'), join(out, 'localperf', 'js-enabled.js'))
  ])

  console.log(`Built ${relative(root, out)}/ in ${Date.now() - started} ms`)
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
