namespace Recorder.Application.Common.Exceptions;

/// <summary>One broken rule. Messages describe the rule, never the offending content.</summary>
public sealed record RequestValidationFailure(string PropertyName, string ErrorMessage, string? ErrorCode = null)
{
    public override string ToString() => $"{PropertyName}: {ErrorMessage}";
}
