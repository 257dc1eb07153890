import type { AuditPage } from '@/bindings/AuditPage';
import type { BackupFile } from '@/bindings/BackupFile';
import type { FileCheck } from '@/bindings/FileCheck';
import type { RestoreReport } from '@/bindings/RestoreReport';
import { call } from './command';

/** Resolves with the backup's path; `null` when the folder dialog was cancelled. */
export function backupNow(): Promise<string | null> {
  return call<string | null>('backup_now');
}

export function listBackups(): Promise<BackupFile[]> {
  return call<BackupFile[]>('list_backups');
}

/** The login of a file's own administrator, typed to restore it from the start-up page. */
export type FileAdministrator = { name: string; password: string };

/**
 * `path` null: the backend asks for the file. With nobody logged in, only this
 * installation's own backups (from its backups folder) are restored without `admin`; any
 * other file needs its own administrator's login. Resolves with null when the file
 * dialog was cancelled. Everyone is logged out afterwards.
 */
export function restoreBackup(path: string | null, admin?: FileAdministrator): Promise<RestoreReport | null> {
  return call<RestoreReport | null>('restore_backup', {
    path,
    adminName: admin?.name ?? null,
    adminPassword: admin?.password ?? null,
  });
}

export function checkDatabase(): Promise<FileCheck> {
  return call<FileCheck>('check_database');
}

export function auditLog(page: number, pageSize: number): Promise<AuditPage> {
  return call<AuditPage>('audit_log', { page, pageSize });
}
