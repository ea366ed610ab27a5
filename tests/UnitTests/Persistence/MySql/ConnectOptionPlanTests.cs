using Recorder.Infrastructure.Persistence.MySql;
using Recorder.Infrastructure.Persistence.MySql.Native;

namespace Recorder.UnitTests.Persistence.MySql;

public class ConnectOptionPlanTests
{
    private static IReadOnlyList<NativeOptionValue> Plan(string connectionString) =>
        ConnectOptionPlan.For(MySqlConnectionSettings.Parse(connectionString));

    [Fact]
    public void Always_utf8mb4_tcp_no_reconnect_no_local_infile()
    {
        var plan = Plan("Server=localhost;Connection Timeout=7");

        Assert.Contains(NativeOptionValue.Text(MariaDbOption.SetCharsetName, "utf8mb4"), plan);
        Assert.Contains(NativeOptionValue.Unsigned(MariaDbOption.Protocol, MariaDbConstants.ProtocolTcp), plan);
        Assert.Contains(NativeOptionValue.Flag(MariaDbOption.Reconnect, false), plan);
        Assert.Contains(NativeOptionValue.Unsigned(MariaDbOption.LocalInfile, 0), plan);
        Assert.Contains(NativeOptionValue.Unsigned(MariaDbOption.ConnectTimeout, 7), plan);
    }

    [Fact]
    public void Socket_paths_select_the_socket_protocol()
    {
        Assert.Contains(NativeOptionValue.Unsigned(MariaDbOption.Protocol, MariaDbConstants.ProtocolSocket), Plan("Server=/run/mysqld/mysqld.sock"));
    }

    [Theory]
    [InlineData("None", false, false)]
    [InlineData("Preferred", true, false)]
    [InlineData("Required", true, false)]
    [InlineData("VerifyCA", true, true)]
    [InlineData("VerifyFull", true, true)]
    public void Ssl_modes_map_to_enforce_and_verify(string mode, bool enforce, bool verify)
    {
        var plan = Plan("Server=h;SslMode=" + mode + ";SslCa=/etc/ca.pem");

        Assert.Contains(NativeOptionValue.Flag(MariaDbOption.SslEnforce, enforce), plan);
        Assert.Equal(verify, plan.Contains(NativeOptionValue.Flag(MariaDbOption.SslVerifyServerCert, true)));
        Assert.Equal(mode != "None", plan.Contains(NativeOptionValue.Text(MariaDbOption.SslCa, "/etc/ca.pem")));
    }

    [Fact]
    public void Required_modes_are_checked_after_connecting()
    {
        Assert.True(ConnectOptionPlan.RequiresTls(MySqlSslMode.Required));
        Assert.False(ConnectOptionPlan.RequiresTls(MySqlSslMode.Preferred));
    }
}
