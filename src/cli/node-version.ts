export const MINIMUM_NODE = { major: 22, minor: 12 } as const

/** Why this Node.js cannot run Tandem, or undefined when it can. Written for old runtimes too. */
export function nodeVersionProblem(version: string): string | undefined {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number)
  const tooOld =
    major < MINIMUM_NODE.major || (major === MINIMUM_NODE.major && minor < MINIMUM_NODE.minor)
  if (!tooOld) return undefined
  return (
    `Tandem needs Node.js ${MINIMUM_NODE.major}.${MINIMUM_NODE.minor} or newer; this is ${version}. ` +
    'Install a current Node.js (24 LTS), or run Tandem from its repository with "npm start", ' +
    'which uses the Node.js version the repository pins.'
  )
}
