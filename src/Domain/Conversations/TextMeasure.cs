using System.Buffers;
using System.Text;

namespace Recorder.Domain.Conversations;

/// <summary>Length measurements the way the storage schema counts them.</summary>
public static class TextMeasure
{
    private static readonly SearchValues<char> Surrogates = SearchValues.Create(
        Enumerable.Range('\uD800', '\uDFFF' - '\uD800' + 1).Select(unit => (char)unit).ToArray());

    /// <summary>Number of Unicode code points; a surrogate pair counts once, as it does for MySQL utf8mb4.</summary>
    public static int CountCodePoints(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var count = value.Length;
        for (var i = 1; i < value.Length; i++)
        {
            // Only the low half of a well-formed pair is discounted; a stray surrogate still counts as one.
            if (char.IsLowSurrogate(value[i]) && char.IsHighSurrogate(value[i - 1]))
            {
                count--;
                i++;
            }
        }

        return count;
    }

    /// <summary>True when <paramref name="value"/> has at most <paramref name="max"/> code points.</summary>
    public static bool HasAtMostCodePoints(string value, int max)
    {
        ArgumentNullException.ThrowIfNull(value);
        // Code points never exceed UTF-16 units, so the common ASCII case needs no scan.
        return value.Length <= max || CountCodePoints(value) <= max;
    }

    /// <summary>
    /// False when the text holds an unpaired surrogate: such text has no UTF-8 form, and encoders would silently
    /// replace it with U+FFFD, so what was stored would not be what was sent.
    /// </summary>
    public static bool IsWellFormed(ReadOnlySpan<char> value)
    {
        // Surrogates are rare in chat text; the vectorised search makes the common case one fast scan. SearchValues
        // rather than the generic IndexOfAnyInRange<T>: until the JIT has optimised that generic for char it boxes
        // both bounds on every call, and this runs for every text of every message.
        var index = value.IndexOfAny(Surrogates);
        while (index >= 0)
        {
            if (!char.IsHighSurrogate(value[index]) || index + 1 >= value.Length || !char.IsLowSurrogate(value[index + 1]))
            {
                return false;
            }

            value = value[(index + 2)..];
            index = value.IndexOfAny(Surrogates);
        }

        return true;
    }

    /// <summary>The UTF-8 size of <paramref name="value"/>, or -1 when it is not well-formed.</summary>
    public static long Utf8ByteCountOrInvalid(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return IsWellFormed(value) ? Encoding.UTF8.GetByteCount(value) : -1;
    }

    /// <summary>True when the text is well-formed and its UTF-8 form fits in <paramref name="maxBytes"/>.</summary>
    public static bool IsStorableText(string value, int maxBytes)
    {
        var bytes = Utf8ByteCountOrInvalid(value);
        return bytes >= 0 && bytes <= maxBytes;
    }
}
