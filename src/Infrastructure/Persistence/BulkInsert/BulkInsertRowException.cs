namespace Recorder.Infrastructure.Persistence.BulkInsert;

/// <summary>
/// A row cannot be stored as sent: the server warned about it during a bulk insert (anything but a duplicate key,
/// e.g. data truncated), or the client refused it first (a text with no UTF-8 form). The caller's transaction must
/// be rolled back, or its connection given up: the server may have stored the row altered. The message carries the
/// server's error number only, never its text, which can quote the content.
/// </summary>
public sealed class BulkInsertRowException : Exception
{
    /// <summary>The server's number for a string it cannot store (ER_TRUNCATED_WRONG_VALUE_FOR_FIELD).</summary>
    public const int IncorrectStringValue = 1366;

    public BulkInsertRowException()
    {
    }

    public BulkInsertRowException(string message)
        : base(message)
    {
    }

    public BulkInsertRowException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BulkInsertRowException(int number, int warnings)
        : base($"MySQL reported warning {number} while loading the rows ({warnings} warning(s) other than duplicates).")
    {
        Number = number;
    }

    /// <summary>A row refused before it reached the server, under the number the server would have given.</summary>
    public BulkInsertRowException(string message, int number)
        : base(message)
    {
        Number = number;
    }

    /// <summary>The server's error number of the first such warning.</summary>
    public int Number { get; }
}
