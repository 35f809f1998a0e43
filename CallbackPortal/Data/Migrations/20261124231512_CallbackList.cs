using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CallbackPortal.Data.Migrations
{
    /// <inheritdoc />
    public partial class CallbackList : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "UserPreferences",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UserPreferences", x => new { x.UserId, x.Name });
                });

            migrationBuilder.CreateIndex(
                name: "IX_Callbacks_Reason_DesiredTime",
                table: "Callbacks",
                columns: new[] { "Reason", "DesiredTime" });

            migrationBuilder.CreateIndex(
                name: "IX_Callbacks_State_DesiredTime",
                table: "Callbacks",
                columns: new[] { "State", "DesiredTime" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "UserPreferences");

            migrationBuilder.DropIndex(
                name: "IX_Callbacks_Reason_DesiredTime",
                table: "Callbacks");

            migrationBuilder.DropIndex(
                name: "IX_Callbacks_State_DesiredTime",
                table: "Callbacks");
        }
    }
}
