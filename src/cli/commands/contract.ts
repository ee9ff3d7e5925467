import { readFile } from 'node:fs/promises'
import { CONTRACT_SCHEMAS, type ContractKind } from '../../domain/contracts/contract-schemas.ts'
import { parseContractText } from '../../domain/contracts/parse-contract.ts'
import { AppError } from '../../services/app-error.ts'

/** `tandem contract check FILE`: validates a contract file and says what it holds, or what is wrong. */
export async function contractCheckCommand(file: string): Promise<void> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new AppError('not_found', `Cannot read ${file}: ${(error as Error).message}`)
  }
  const parsed = parseContractText(text)
  if (!parsed.ok)
    throw new AppError(
      'validation_failed',
      `${file} is not a valid contract:\n${parsed.problems.map((p) => `  ${p}`).join('\n')}`,
    )
  const c = parsed.contract
  const summary =
    c.kind === 'qualification'
      ? `${c.fit.rules.length} fit rules, ${c.engagement.rules.length} engagement rules, ` +
        `${c.readiness.length} readiness signals, MQL cells ${c.mql.cells.join(' ')}`
      : `${c.rules.length} ICP rules, tier 1 from ${c.tiers['1']} points, tier 2 from ${c.tiers['2']}`
  process.stdout.write(`${file}: a valid ${c.kind} contract, "${c.name}": ${summary}\n`)
}

/** `tandem contract schema KIND`: prints the published JSON Schema. */
export function contractSchemaCommand(kind: ContractKind): void {
  process.stdout.write(`${JSON.stringify(CONTRACT_SCHEMAS[kind], null, 2)}\n`)
}
