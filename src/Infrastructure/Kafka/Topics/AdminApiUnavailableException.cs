namespace Recorder.Infrastructure.Kafka.Topics;

/// <summary>The cluster did not answer an admin request: it lacks the API or is unreachable.</summary>
public sealed class AdminApiUnavailableException : Exception
{
    public AdminApiUnavailableException()
    {
    }

    public AdminApiUnavailableException(string message)
        : base(message)
    {
    }

    public AdminApiUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
