namespace Recorder.Infrastructure.Persistence.MySql.Native;

/// <summary>One <c>mysql_options</c> call: the option and its argument, typed as Connector/C reads it
/// (<c>unsigned int*</c>, <c>my_bool*</c> or <c>const char*</c>).</summary>
internal readonly record struct NativeOptionValue(MariaDbOption Option, uint? UnsignedValue = null, bool? FlagValue = null, string? TextValue = null)
{
    public static NativeOptionValue Unsigned(MariaDbOption option, uint value) => new(option, UnsignedValue: value);

    public static NativeOptionValue Flag(MariaDbOption option, bool value) => new(option, FlagValue: value);

    public static NativeOptionValue Text(MariaDbOption option, string value) => new(option, TextValue: value);
}
