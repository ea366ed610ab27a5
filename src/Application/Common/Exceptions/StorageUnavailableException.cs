namespace Recorder.Application.Common.Exceptions;

/// <summary>
/// Storage kept failing with transient errors (lost connection, deadlock, timeout) for longer than the retry
/// budget. The rows may be stored later; the caller decides whether to dead-letter or to retry.
/// </summary>
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException()
    {
    }

    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
