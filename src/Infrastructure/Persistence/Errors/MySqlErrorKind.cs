namespace Recorder.Infrastructure.Persistence.Errors;

/// <summary>What a MySQL error means for the writer's retry decision and the retry metric's reason.</summary>
public enum MySqlErrorKind
{
    /// <summary>Anything not listed below: syntax errors, a read-only server after failover, missing privileges.</summary>
    Other = 0,

    /// <summary>1213: the transaction was chosen as a deadlock victim and rolled back.</summary>
    Deadlock,

    /// <summary>1205: a row lock was not granted within innodb_lock_wait_timeout.</summary>
    LockWaitTimeout,

    /// <summary>The server could not be reached or the connection broke.</summary>
    ConnectionLost,

    /// <summary>The command timeout, the server's statement time limits, or no pooled connection in time.</summary>
    Timeout,

    /// <summary>Wrong user name or password, or no access to the database.</summary>
    AccessDenied,

    /// <summary>The rows themselves were refused (too long, not storable, …): retrying cannot help.</summary>
    RowRejected,
}
