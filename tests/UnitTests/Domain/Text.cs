namespace Recorder.UnitTests.Domain;

/// <summary>Ill-formed UTF-16, built at run time (attribute and some literal contexts would replace it).</summary>
internal static class Text
{
    public static readonly string LoneHigh = new((char)0xD83D, 1);

    public static readonly string LoneLow = new((char)0xDC00, 1);
}
