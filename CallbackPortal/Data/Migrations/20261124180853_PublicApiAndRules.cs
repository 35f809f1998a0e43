using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CallbackPortal.Data.Migrations
{
    /// <inheritdoc />
    public partial class PublicApiAndRules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Callbacks_PhoneNumber_ServiceId",
                table: "Callbacks");

            migrationBuilder.AddColumn<string>(
                name: "AllowedOrigins",
                table: "CallbackServices",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            // Services that existed before CAPTCHA keep working as they did (off); new services get the proof-of-work default.
            migrationBuilder.AddColumn<string>(
                name: "Captcha",
                table: "CallbackServices",
                type: "TEXT",
                nullable: false,
                defaultValue: "{\"provider\":\"Off\"}");

            migrationBuilder.AddColumn<string>(
                name: "Form",
                table: "CallbackServices",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ImmediateMaxEwtSeconds",
                table: "CallbackServices",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ImmediateMinEwtSeconds",
                table: "CallbackServices",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Rules",
                table: "CallbackServices",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "ThrottleKey",
                table: "Callbacks",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ApiErrors",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Service = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Method = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Path = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Origin = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ClientHash = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Rule = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CorrelationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApiErrors", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CorsRejections",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Origin = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Service = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Method = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Path = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CorsRejections", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IdempotencyRecords",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 330, nullable: false),
                    RequestHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Done = table.Column<bool>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: true),
                    Location = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ResponseProtected = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdempotencyRecords", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "UsedCaptchaChallenges",
                columns: table => new
                {
                    ChallengeHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsedCaptchaChallenges", x => x.ChallengeHash);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Callbacks_ServiceId_CreatedAt",
                table: "Callbacks",
                columns: new[] { "ServiceId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Callbacks_ServiceId_DesiredTime",
                table: "Callbacks",
                columns: new[] { "ServiceId", "DesiredTime" });

            migrationBuilder.CreateIndex(
                name: "IX_Callbacks_ServiceId_PhoneNumber_CreatedAt",
                table: "Callbacks",
                columns: new[] { "ServiceId", "PhoneNumber", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Callbacks_ServiceId_ThrottleKey_CreatedAt",
                table: "Callbacks",
                columns: new[] { "ServiceId", "ThrottleKey", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ApiErrors_At",
                table: "ApiErrors",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_ApiErrors_Code_At",
                table: "ApiErrors",
                columns: new[] { "Code", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_ApiErrors_Service_At",
                table: "ApiErrors",
                columns: new[] { "Service", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_CorsRejections_At",
                table: "CorsRejections",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_CorsRejections_Service_At",
                table: "CorsRejections",
                columns: new[] { "Service", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_IdempotencyRecords_StartedAt",
                table: "IdempotencyRecords",
                column: "StartedAt");

            migrationBuilder.CreateIndex(
                name: "IX_UsedCaptchaChallenges_ExpiresAt",
                table: "UsedCaptchaChallenges",
                column: "ExpiresAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ApiErrors");

            migrationBuilder.DropTable(
                name: "CorsRejections");

            migrationBuilder.DropTable(
                name: "IdempotencyRecords");

            migrationBuilder.DropTable(
                name: "UsedCaptchaChallenges");

            migrationBuilder.DropIndex(
                name: "IX_Callbacks_ServiceId_CreatedAt",
                table: "Callbacks");

            migrationBuilder.DropIndex(
                name: "IX_Callbacks_ServiceId_DesiredTime",
                table: "Callbacks");

            migrationBuilder.DropIndex(
                name: "IX_Callbacks_ServiceId_PhoneNumber_CreatedAt",
                table: "Callbacks");

            migrationBuilder.DropIndex(
                name: "IX_Callbacks_ServiceId_ThrottleKey_CreatedAt",
                table: "Callbacks");

            migrationBuilder.DropColumn(
                name: "AllowedOrigins",
                table: "CallbackServices");

            migrationBuilder.DropColumn(
                name: "Captcha",
                table: "CallbackServices");

            migrationBuilder.DropColumn(
                name: "Form",
                table: "CallbackServices");

            migrationBuilder.DropColumn(
                name: "ImmediateMaxEwtSeconds",
                table: "CallbackServices");

            migrationBuilder.DropColumn(
                name: "ImmediateMinEwtSeconds",
                table: "CallbackServices");

            migrationBuilder.DropColumn(
                name: "Rules",
                table: "CallbackServices");

            migrationBuilder.DropColumn(
                name: "ThrottleKey",
                table: "Callbacks");

            migrationBuilder.CreateIndex(
                name: "IX_Callbacks_PhoneNumber_ServiceId",
                table: "Callbacks",
                columns: new[] { "PhoneNumber", "ServiceId" });
        }
    }
}
