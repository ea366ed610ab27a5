namespace Recorder.Infrastructure.Persistence.MySql;

/// <summary>Escapes UTF-8 text for use between single quotes, as <c>mysql_real_escape_string</c> does for the
/// connection's character set and sql_mode.</summary>
internal interface ISqlStringEscaper
{
    /// <summary>Writes the escaped form of <paramref name="source"/>; <paramref name="destination"/> holds at least
    /// 2 × source length + 1 bytes. Returns the number of bytes written (without any terminator).</summary>
    int Escape(ReadOnlySpan<byte> source, Span<byte> destination);
}
