using MySqlConnector;

namespace Recorder.Infrastructure.Persistence.Errors;

/// <summary>Reads MySqlConnector's error codes as the writer needs them.</summary>
public static class MySqlErrorClassification
{
    /// <summary>The kind of <paramref name="exception"/>, from <see cref="MySqlException.ErrorCode"/>.</summary>
    public static MySqlErrorKind Kind(this MySqlException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Classify(exception.ErrorCode);
    }

    /// <summary>
    /// The driver's exception in <paramref name="exception"/> or its causes: EF Core reports a transient driver
    /// error as an <see cref="InvalidOperationException"/> that wraps it.
    /// </summary>
    public static MySqlException? FindMySqlException(this Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is MySqlException mysql)
            {
                return mysql;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether <paramref name="exception"/> or its causes say the connection itself is gone rather than a statement
    /// failed: a server error of that kind, or the stream ending or failing under the driver (a connection the server
    /// closed while it sat unused reads as an incomplete response, not as a server error).
    /// </summary>
    public static bool IsConnectionLost(this Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            // A file the driver could not read (a certificate, say) is an IOException too, but no lost connection.
            if (current is MySqlEndOfStreamException or System.Net.Sockets.SocketException
                || (current is IOException and not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException))
                || (current is MySqlException mysql && mysql.Kind() == MySqlErrorKind.ConnectionLost))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a failed write attempt is worth another, and what to report of it: any error from the server or the
    /// driver (rows the server refuses are sorted out before this), or the connection failing under the driver. The
    /// driver wraps what fails while it reads a reply, but a failed send reaches the caller as the socket's own
    /// <see cref="IOException"/> or <see cref="System.Net.Sockets.SocketException"/>; that is a lost connection too.
    /// </summary>
    public static bool IsRetryable(this Exception? exception, out int number, out MySqlErrorKind kind)
    {
        if (exception.FindMySqlException() is { } mysql)
        {
            (number, kind) = (mysql.Number, mysql.Kind());
            return true;
        }

        (number, kind) = (0, exception.IsConnectionLost() ? MySqlErrorKind.ConnectionLost : MySqlErrorKind.Other);
        return kind == MySqlErrorKind.ConnectionLost;
    }

    public static MySqlErrorKind Classify(MySqlErrorCode code) => code switch
    {
        MySqlErrorCode.LockDeadlock => MySqlErrorKind.Deadlock,
        MySqlErrorCode.LockWaitTimeout => MySqlErrorKind.LockWaitTimeout,
        MySqlErrorCode.AccessDenied or MySqlErrorCode.DatabaseAccessDenied or (MySqlErrorCode)1698 => MySqlErrorKind.AccessDenied,
        // CommandTimeoutExpired is the client's command timeout; 1317 a killed query; 1969 MariaDB's
        // max_statement_time; 3024 MySQL's max_execution_time.
        MySqlErrorCode.CommandTimeoutExpired or MySqlErrorCode.QueryInterrupted or (MySqlErrorCode)1969 or MySqlErrorCode.QueryTimeout
            => MySqlErrorKind.Timeout,
        MySqlErrorCode.UnableToConnectToHost or MySqlErrorCode.ConnectionCountError or MySqlErrorCode.HandshakeError
            or MySqlErrorCode.ServerShutdown or MySqlErrorCode.NormalShutdown or MySqlErrorCode.ForcingClose
            or MySqlErrorCode.AbortingConnection or MySqlErrorCode.NetReadErrorFromPipe or MySqlErrorCode.NetFCntlError
            or MySqlErrorCode.NetPacketsOutOfOrder or MySqlErrorCode.NetUncompressError or MySqlErrorCode.NetReadError
            or MySqlErrorCode.NetReadInterrupted or MySqlErrorCode.NetErrorOnWrite or MySqlErrorCode.NetWriteInterrupted
            or MySqlErrorCode.NewAbortingConnection or MySqlErrorCode.ClientInteractionTimeout
            or (MySqlErrorCode)1927 /* connection killed */ or (MySqlErrorCode)2006 or (MySqlErrorCode)2013
            => MySqlErrorKind.ConnectionLost,
        // Errors about the values of the rows in the statement: only the message they came from should fail.
        (MySqlErrorCode)1048 /* column cannot be null */ or MySqlErrorCode.PacketTooLarge or (MySqlErrorCode)1264 /* out of range */
            or MySqlErrorCode.WarningDataTruncated or (MySqlErrorCode)1292 /* bad date/time */ or (MySqlErrorCode)1364 /* no default */
            or MySqlErrorCode.TruncatedWrongValueForField or MySqlErrorCode.DataTooLong
            => MySqlErrorKind.RowRejected,
        _ => MySqlErrorKind.Other,
    };
}
