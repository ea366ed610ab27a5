using Recorder.Infrastructure.Persistence.MySql;

namespace Recorder.UnitTests.Persistence.MySql;

/// <summary>Escapes like mysql_real_escape_string does for utf8mb4 with backslash escapes on, without a server.</summary>
internal readonly struct BackslashEscaper : ISqlStringEscaper
{
    public int Escape(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var written = 0;
        foreach (var b in source)
        {
            byte? escape = b switch
            {
                0 => (byte)'0',
                (byte)'\n' => (byte)'n',
                (byte)'\r' => (byte)'r',
                (byte)'\\' => (byte)'\\',
                (byte)'\'' => (byte)'\'',
                (byte)'"' => (byte)'"',
                0x1A => (byte)'Z',
                _ => null,
            };
            if (escape is { } e)
            {
                destination[written++] = (byte)'\\';
                destination[written++] = e;
            }
            else
            {
                destination[written++] = b;
            }
        }

        return written;
    }
}
