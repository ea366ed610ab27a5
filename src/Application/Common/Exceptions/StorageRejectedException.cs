namespace Recorder.Application.Common.Exceptions;

/// <summary>Storage refused these rows for a reason that retrying cannot change (e.g. a value the column rejects).</summary>
public sealed class StorageRejectedException : Exception
{
    public StorageRejectedException()
    {
    }

    public StorageRejectedException(string message)
        : base(message)
    {
    }

    public StorageRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
