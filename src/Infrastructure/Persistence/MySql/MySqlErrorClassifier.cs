namespace Recorder.Infrastructure.Persistence.MySql;

/// <summary>Maps server (1xxx–4xxx) and Connector/C client (2xxx, 5xxx) error numbers to a <see cref="MySqlErrorKind"/>.</summary>
internal static class MySqlErrorClassifier
{
    public static MySqlErrorKind Classify(int number) => number switch
    {
        1213 => MySqlErrorKind.Deadlock,
        1205 => MySqlErrorKind.LockWaitTimeout,
        1045 or 1044 or 1698 => MySqlErrorKind.AccessDenied,
        // 1317 query interrupted (our command timeout kills the query), 1969 MariaDB max_statement_time,
        // 3024 MySQL max_execution_time.
        1317 or 1969 or 3024 => MySqlErrorKind.Timeout,
        _ when IsConnectionLevel(number) && number is not (2014 or 2027) => MySqlErrorKind.ConnectionLost,
        _ => MySqlErrorKind.Other,
    };

    /// <summary>True when the physical connection cannot be trusted afterwards and must not go back to the pool.</summary>
    public static bool IsConnectionLevel(int number) => number switch
    {
        // Client: cannot connect, unknown host, server gone, lost during query, out of sync, malformed packet,
        // lost (extended), network read/write errors.
        2001 or 2002 or 2003 or 2004 or 2006 or 2013 or 2014 or 2027 or 2055 or 5013 or 5014 => true,
        // Server: too many connections, shutdown in progress, forced close, aborted connection, network errors
        // (1152–1161 minus "packet too large"), aborted new connection, connection killed.
        1040 or 1053 or 1077 or 1080 or 1152 or 1154 or 1155 or 1156 or 1157 or 1158 or 1159 or 1160 or 1161
            or 1184 or 1927 => true,
        _ => false,
    };
}
