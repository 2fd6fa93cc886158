import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { DataDirectoryLockedError } from '../errors.js'

export interface DataDirectoryLock {
  release(): void
}

/**
 * Takes the data directory for this process. PGlite has no lock of its own, and two processes on one data
 * directory silently lose writes, so a second process must get a clear error instead. The lock file holds the
 * owner's pid; a lock left by a process that is gone is taken over.
 */
export function lockDataDirectory(dataDir: string): DataDirectoryLock {
  mkdirSync(dataDir, { recursive: true })
  const lockPath = join(dataDir, 'storyledger.lock')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx')
      writeSync(fd, String(process.pid))
      closeSync(fd)
      const release = () => {
        process.off('exit', release)
        try {
          if (readFileSync(lockPath, 'utf8') === String(process.pid)) unlinkSync(lockPath)
        } catch {
          // Already gone: nothing to release.
        }
      }
      process.on('exit', release)
      return { release }
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) throw error
      const holder = Number.parseInt(readLockFile(lockPath), 10)
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder))
        throw new DataDirectoryLockedError(dataDir, holder)
      try {
        unlinkSync(lockPath)
      } catch (unlinkError) {
        if (!isErrno(unlinkError, 'ENOENT')) throw unlinkError
      }
    }
  }
  throw new DataDirectoryLockedError(dataDir, Number.parseInt(readLockFile(lockPath), 10) || 0)
}

function readLockFile(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim()
  } catch {
    return ''
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return isErrno(error, 'EPERM')
  }
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code
}
