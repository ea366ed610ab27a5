using System.Data.Common;
using System.Globalization;

namespace Recorder.Infrastructure.Persistence.MySql;

/// <summary>
/// An error reported by the server or by Connector/C, or a client-side failure such as pool exhaustion. Messages carry
/// the error number and server text and never the connection's password.
/// </summary>
public sealed class MySqlException : DbException
{
    public MySqlException()
    {
    }

    public MySqlException(string message)
        : base(message)
    {
    }

    public MySqlException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal MySqlException(string message, int number, string? sqlState, MySqlErrorKind kind, Exception? innerException = null)
        : base(message, innerException)
    {
        Number = number;
        SqlState = sqlState;
        Kind = kind;
    }

    /// <summary>The server or client error number (e.g. 1213, 2013); 0 for errors raised by this provider itself.</summary>
    public int Number { get; }

    public override string? SqlState { get; }

    public MySqlErrorKind Kind { get; }

    /// <summary>Deadlocks, lock wait timeouts, lost connections and timeouts may succeed when retried.</summary>
    public override bool IsTransient =>
        Kind is MySqlErrorKind.Deadlock or MySqlErrorKind.LockWaitTimeout or MySqlErrorKind.ConnectionLost or MySqlErrorKind.Timeout;

    /// <summary>Builds the exception for a numbered server/client error, classifying it and removing any occurrence of
    /// <paramref name="secret"/> (the connection's password) from the server text.</summary>
    internal static MySqlException FromError(int number, string? sqlState, string serverText, string? context, string? secret)
    {
        if (!string.IsNullOrEmpty(secret) && serverText.Contains(secret, StringComparison.Ordinal))
        {
            serverText = serverText.Replace(secret, "*****", StringComparison.Ordinal);
        }

        var state = string.IsNullOrEmpty(sqlState) ? string.Empty : " (" + sqlState + ")";
        var message = string.Create(CultureInfo.InvariantCulture, $"MySQL error {number}{state}: {serverText}");
        if (context is not null)
        {
            message = context + ": " + message;
        }

        return new MySqlException(message, number, sqlState, MySqlErrorClassifier.Classify(number));
    }

    internal static MySqlException Timeout(string message, Exception? innerException = null) =>
        new(message, (innerException as MySqlException)?.Number ?? 0, (innerException as MySqlException)?.SqlState,
            MySqlErrorKind.Timeout, innerException);
}
