using MySqlConnector;
using Recorder.Infrastructure.Persistence.Connections;

namespace Recorder.UnitTests.Persistence;

public class RecorderDataSourceTests
{
    [Fact]
    public void The_settings_the_service_relies_on_win_over_the_operators_string_and_the_rest_is_kept()
    {
        var operators = "Server=db.internal;Port=3307;User ID=recorder;Password=secret;Database=records;Maximum Pool Size=12;"
            + "Connection Reset=false;AllowLoadLocalInfile=false;UseAffectedRows=true;AllowUserVariables=false;DateTimeKind=Local";

        var effective = new MySqlConnectionStringBuilder(RecorderDataSource.WithRequiredSettings(operators));

        // A writer's session runs with autocommit off: a connection given back after a failure must be reset before
        // anyone reuses it.
        Assert.True(effective.ConnectionReset);
        Assert.True(effective.AllowLoadLocalInfile);
        Assert.False(effective.UseAffectedRows);
        Assert.True(effective.AllowUserVariables);
        Assert.Equal(MySqlDateTimeKind.Utc, effective.DateTimeKind);
        Assert.Equal(("db.internal", 3307u, "recorder", "secret", "records", 12u),
            (effective.Server, effective.Port, effective.UserID, effective.Password, effective.Database, effective.MaximumPoolSize));
    }
}
