namespace Recorder.Application.Common.Exceptions;

/// <summary>
/// A request broke one or more validation rules. It is a property of the input, not of the system: retrying the same
/// request cannot succeed, so callers treat it like undecodable input.
/// </summary>
public sealed class RequestValidationException : Exception
{
    public RequestValidationException()
        : this("Request", [])
    {
    }

    public RequestValidationException(string message)
        : base(message)
    {
        RequestName = "Request";
        Failures = [];
    }

    public RequestValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        RequestName = "Request";
        Failures = [];
    }

    public RequestValidationException(string requestName, IReadOnlyList<RequestValidationFailure> failures)
        : base(BuildMessage(requestName, failures))
    {
        RequestName = requestName;
        Failures = failures;
    }

    public string RequestName { get; }

    public IReadOnlyList<RequestValidationFailure> Failures { get; }

    private static string BuildMessage(string requestName, IReadOnlyList<RequestValidationFailure> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        return failures.Count == 0
            ? $"{requestName} is invalid."
            : $"{requestName} is invalid: {string.Join("; ", failures)}";
    }
}
