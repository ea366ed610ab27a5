namespace Recorder.Infrastructure.Persistence.MySql.Native;

/// <summary>The Connector/C options applied before <c>mysql_real_connect</c> for given settings.</summary>
internal static class ConnectOptionPlan
{
    public static IReadOnlyList<NativeOptionValue> For(MySqlConnectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = new List<NativeOptionValue>
        {
            // Covers the TCP connect and the handshake reads (checked against Connector/C 3.3).
            NativeOptionValue.Unsigned(MariaDbOption.ConnectTimeout, (uint)Math.Ceiling(settings.ConnectionTimeout.TotalSeconds)),
            NativeOptionValue.Text(MariaDbOption.SetCharsetName, "utf8mb4"),
            // Without an explicit protocol Connector/C turns "localhost" into a socket connection.
            NativeOptionValue.Unsigned(MariaDbOption.Protocol,
                settings.Protocol == MySqlConnectionProtocol.Socket ? MariaDbConstants.ProtocolSocket : MariaDbConstants.ProtocolTcp),
            // A silent reconnect would lose session state (transaction, variables) behind the caller's back; the
            // pool replaces broken connections instead.
            NativeOptionValue.Flag(MariaDbOption.Reconnect, false),
            NativeOptionValue.Unsigned(MariaDbOption.LocalInfile, 0),
        };

        // In Connector/C 3.3 "enforce" alone means: TLS when the server offers it, no certificate check. Required is
        // completed by a cipher check after connecting; verification adds the server certificate check.
        switch (settings.SslMode)
        {
            case MySqlSslMode.None:
                options.Add(NativeOptionValue.Flag(MariaDbOption.SslEnforce, false));
                break;
            case MySqlSslMode.Preferred:
            case MySqlSslMode.Required:
                options.Add(NativeOptionValue.Flag(MariaDbOption.SslEnforce, true));
                break;
            case MySqlSslMode.VerifyCA:
            case MySqlSslMode.VerifyFull:
                options.Add(NativeOptionValue.Flag(MariaDbOption.SslEnforce, true));
                options.Add(NativeOptionValue.Flag(MariaDbOption.SslVerifyServerCert, true));
                break;
        }

        if (settings.SslMode != MySqlSslMode.None && settings.SslCa.Length > 0)
        {
            options.Add(NativeOptionValue.Text(MariaDbOption.SslCa, settings.SslCa));
        }

        return options;
    }

    /// <summary>Whether a connection without TLS must be refused after connecting.</summary>
    public static bool RequiresTls(MySqlSslMode mode) => mode is MySqlSslMode.Required or MySqlSslMode.VerifyCA or MySqlSslMode.VerifyFull;
}
