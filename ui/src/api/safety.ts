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

/** `path` null: the backend asks for the file. Everyone is logged out afterwards. */
export function restoreBackup(path: string | null): Promise<RestoreReport | null> {
  return call<RestoreReport | null>('restore_backup', { path });
}

export function checkDatabase(): Promise<FileCheck> {
  return call<FileCheck>('check_database');
}

export function auditLog(page: number, pageSize: number): Promise<AuditPage> {
  return call<AuditPage>('audit_log', { page, pageSize });
}
