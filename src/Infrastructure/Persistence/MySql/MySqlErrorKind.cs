namespace Recorder.Infrastructure.Persistence.MySql;

/// <summary>What a MySQL error means for the caller's retry decision.</summary>
public enum MySqlErrorKind
{
    /// <summary>Anything not listed below: syntax errors, constraint violations, unsupported values.</summary>
    Other = 0,

    /// <summary>1213: the transaction was chosen as a deadlock victim and rolled back.</summary>
    Deadlock,

    /// <summary>1205: a row lock was not granted within innodb_lock_wait_timeout.</summary>
    LockWaitTimeout,

    /// <summary>The server could not be reached or the connection broke (2002, 2003, 2006, 2013, 2055, 1053, 1927, …).</summary>
    ConnectionLost,

    /// <summary>A command or pool timeout: this client's command timeout, pool exhaustion, server statement time limits.</summary>
    Timeout,

    /// <summary>1045 and related: wrong user name or password, or no access to the database.</summary>
    AccessDenied,
}
