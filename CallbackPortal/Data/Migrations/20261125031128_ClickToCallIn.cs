using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CallbackPortal.Data.Migrations
{
    /// <inheritdoc />
    public partial class ClickToCallIn : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ClickToCallGroups",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Numbers = table.Column<string>(type: "TEXT", nullable: false),
                    Allocation = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AccessCodeDigits = table.Column<int>(type: "INTEGER", nullable: false),
                    ReservationSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    TargetServiceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClickToCallGroups", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ClickToCallGroups_CallbackServices_TargetServiceId",
                        column: x => x.TargetServiceId,
                        principalTable: "CallbackServices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ClickToCallReservations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    GroupId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ToPhoneNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    AccessCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    FromPhoneNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    UserData = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    MatchedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    MatchedBy = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClickToCallReservations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ClickToCallReservations_ClickToCallGroups_GroupId",
                        column: x => x.GroupId,
                        principalTable: "ClickToCallGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ClickToCallGroups_Key",
                table: "ClickToCallGroups",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ClickToCallGroups_TargetServiceId",
                table: "ClickToCallGroups",
                column: "TargetServiceId");

            migrationBuilder.CreateIndex(
                name: "IX_ClickToCallReservations_GroupId_MatchedAt_ExpiresAt",
                table: "ClickToCallReservations",
                columns: new[] { "GroupId", "MatchedAt", "ExpiresAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ClickToCallReservations_ToPhoneNumber_MatchedAt_ExpiresAt",
                table: "ClickToCallReservations",
                columns: new[] { "ToPhoneNumber", "MatchedAt", "ExpiresAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ClickToCallReservations");

            migrationBuilder.DropTable(
                name: "ClickToCallGroups");
        }
    }
}
