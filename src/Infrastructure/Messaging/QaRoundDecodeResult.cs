using System.Diagnostics.CodeAnalysis;

namespace Recorder.Infrastructure.Messaging;

/// <summary>Either a decoded round or the reason there is none.</summary>
public readonly struct QaRoundDecodeResult
{
    private QaRoundDecodeResult(DecodedQaRound? round, DecodeError? error)
    {
        Round = round;
        Error = error;
    }

    public DecodedQaRound? Round { get; }

    public DecodeError? Error { get; }

    [MemberNotNullWhen(true, nameof(Round))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Round is not null;

    public static QaRoundDecodeResult Success(DecodedQaRound round)
    {
        ArgumentNullException.ThrowIfNull(round);
        return new QaRoundDecodeResult(round, null);
    }

    public static QaRoundDecodeResult Failure(DecodeError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new QaRoundDecodeResult(null, error);
    }

    public static QaRoundDecodeResult Failure(DecodeErrorReason reason, string message) =>
        new(null, new DecodeError(reason, message));
}
