// What a job title says about a person for fit rules: how senior, and which department.

export type Seniority = 'c_level' | 'vp' | 'director' | 'manager' | 'individual'
export type Department =
  | 'marketing'
  | 'sales'
  | 'it'
  | 'engineering'
  | 'finance'
  | 'operations'
  | 'hr'
  | 'executive'

export const SENIORITIES: readonly Seniority[] = [
  'c_level',
  'vp',
  'director',
  'manager',
  'individual',
]
export const DEPARTMENTS: readonly Department[] = [
  'marketing',
  'sales',
  'it',
  'engineering',
  'finance',
  'operations',
  'hr',
  'executive',
]

const SENIORITY_RULES: readonly (readonly [RegExp, Seniority])[] = [
  [/\bvp\b|\bvice[ -]president\b|\b[se]vp\b/, 'vp'],
  [/\bchief\b|\bc[eomfitr]o\b|\bfounder\b|\bowner\b|\bpresident\b|\bpartner\b$/, 'c_level'],
  [/\bdirector\b|\bhead of\b|\bhead\b/, 'director'],
  [/\bmanager\b|\blead\b|\bsupervisor\b/, 'manager'],
]

/** Seniority from a title: "VP Sales" -> vp, "Head of Growth" -> director; unknown -> individual. */
export function inferSeniority(title: string): Seniority {
  const text = title.toLowerCase()
  for (const [pattern, seniority] of SENIORITY_RULES) if (pattern.test(text)) return seniority
  return 'individual'
}

// First match wins, so the narrower functions come before the words they contain ("Sales
// Operations" is operations, "Salesforce Administrator" is IT).
const DEPARTMENT_RULES: readonly (readonly [RegExp, Department])[] = [
  [
    /\bceo\b|\bcoo\b|chief (executive|operating)|\bfounder\b|(?<!vice[ -])\bpresident\b|general manager/,
    'executive',
  ],
  [
    /market|\bcmo\b|\bgrowth\b|demand gen|\bbrand\b|\bcontent\b|communications|\bseo\b/,
    'marketing',
  ],
  [/operations|\brev ?ops\b|\bops\b|business analyst|enablement/, 'operations'],
  [/financ|\bcfo\b|account(ing|ant)|controller|treasur/, 'finance'],
  [/\bhr\b|human resources|\bpeople\b|recruit|talent/, 'hr'],
  [/\bit\b|\bcio\b|information|\bsystems?\b|administrator|\bdata\b|security|infrastructure/, 'it'],
  [/engineer|\bcto\b|technology|developer|software|architect/, 'engineering'],
  [
    /\bsales\b|\bcro\b|revenue|account executive|\b[sb]dr\b|business development|partnership|customer success|account manager/,
    'sales',
  ],
]

/** Department from a title, when the title names one. */
export function inferDepartment(title: string): Department | undefined {
  const text = title.toLowerCase()
  for (const [pattern, department] of DEPARTMENT_RULES) if (pattern.test(text)) return department
  return undefined
}
