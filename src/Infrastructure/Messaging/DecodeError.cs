using Recorder.Application.Common.Exceptions;

namespace Recorder.Infrastructure.Messaging;

/// <summary>
/// A message that is not a conversation round. <see cref="Message"/> describes the defect and where it is (header
/// name, element index, byte position), never the message's content, so it is safe for logs and DLQ headers.
/// </summary>
public sealed record DecodeError(DecodeErrorReason Reason, string Message)
{
    public string Code => Reason.ToCode();

    /// <summary>
    /// A round the application refused: like undecodable input, retrying cannot help, so it is handled the same way.
    /// </summary>
    public static DecodeError FromValidation(RequestValidationException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var detail = exception.Failures.Count == 0
            ? exception.Message
            : string.Join("; ", exception.Failures);
        return new DecodeError(DecodeErrorReason.ValidationFailed, detail);
    }

    public override string ToString() => $"{Code}: {Message}";
}
