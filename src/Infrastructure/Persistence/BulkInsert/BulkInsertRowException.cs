namespace Recorder.Infrastructure.Persistence.BulkInsert;

/// <summary>
/// The server would not store a row as sent (a warning other than a duplicate key during a bulk copy, e.g. data
/// truncated). The caller's transaction must be rolled back: the server may have stored the row altered. The
/// message carries the server's error number only, never its text, which can quote the content.
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
