package demo

// frText holds the French phrases. Reports are written the way residents
// write them: short, concrete, sometimes a little impatient; staff notes are
// polite and brief.
var frText = langText{
	cats: map[string]catText{
		"pothole": {
			titles: []string{
				"Nid-de-poule {street}",
				"Nid-de-poule dangereux {street} {nr}",
				"Trou{where} {street}",
			},
			what: []string{
				"Nid-de-poule profond {street} {nr}|{At}, à hauteur du n° {nr}, il y a un nid-de-poule assez profond{where}.",
				"Nid-de-poule qui s'agrandit {landmark}|Un trou s'est formé{where} {landmark} et il s'agrandit à chaque averse.",
				"Nid-de-poule à éviter {street}|{At}, un nid-de-poule{where} oblige tout le monde à faire un écart.",
				"Nid-de-poule {corner}|{Corner}, il y a un nid-de-poule{where} qu'on ne voit plus quand il est rempli d'eau.",
				"Revêtement effondré {street}|{At}, le revêtement a cédé{where} : le trou fait bien dix centimètres de profondeur.",
			},
			more: []string{
				"Les cyclistes doivent se déporter au milieu de la chaussée pour l'éviter.",
				"Plusieurs voitures ont déjà tapé dedans.",
				"La nuit, on ne le voit pas du tout.",
				"Il est là {since} et il ne fait que s'agrandir.",
			},
			variants: map[string]catText{
				"sidewalk": {more: []string{
					"Les piétons risquent de s'y tordre la cheville.",
					"Avec une poussette, il faut descendre sur la chaussée pour l'éviter.",
					"Une dame âgée a failli tomber hier.",
				}},
				"bike_lane": {more: []string{
					"À vélo, on ne le voit qu'au dernier moment.",
					"Un cycliste a failli chuter devant moi ce matin.",
					"Il faut se rabattre sur la chaussée pour l'éviter, ce qui est dangereux.",
				}},
			},
		},
		"road_surface": {
			titles: []string{
				"Revêtement très abîmé {street}",
				"Revêtement dégradé {landmark}",
			},
			what: []string{
				"Revêtement fissuré {street}|{At}, le revêtement{whereOf} est fissuré sur plusieurs mètres.",
				"Pavés déchaussés {street} {nr}|{At}, les pavés{whereOf} bougent et plusieurs sont déjà sortis de leur logement.",
				"Asphalte qui s'effrite {landmark}|L'asphalte{whereOf} s'effrite {landmark} et il y a des gravillons partout.",
				"Ornières {corner}|Des ornières profondes se sont formées{where} {corner}.",
				"Tranchée affaissée {street}|Depuis les travaux de l'an dernier, la tranchée{whereOf} s'est affaissée {at}.",
			},
			more: []string{
				"Quand il pleut, l'eau stagne dans les creux.",
				"Le bruit des voitures qui passent dessus est devenu pénible pour les riverains.",
				"Ça se dégrade de semaine en semaine.",
				"Les deux-roues doivent vraiment faire attention.",
			},
		},
		"sidewalk": {
			titles: []string{
				"Trottoir en mauvais état {street}",
				"Trottoir dégradé {street} {nr}",
			},
			what: []string{
				"Dalles soulevées {street} {nr}|Plusieurs dalles du trottoir sont soulevées {at}, à hauteur du n° {nr}.",
				"Trottoir soulevé par des racines {landmark}|Les racines d'un arbre ont soulevé le trottoir {landmark}.",
				"Pavés manquants sur le trottoir {street}|{Corner}, il manque des pavés sur le trottoir et le trou est profond.",
				"Trottoir affaissé {street}|{At}, le trottoir s'est affaissé sur quelques mètres.",
				"Bordure cassée {street}|{At}, une bordure est cassée et des morceaux traînent sur le trottoir.",
			},
			more: []string{
				"Ce n'est pas urgent, mais ça se dégrade.",
				"Il faudrait le remettre à niveau avant que quelqu'un ne tombe.",
				"On peut encore passer en faisant attention.",
			},
			variants: map[string]catText{
				"yes": {more: []string{
					"Quelqu'un a déjà trébuché, c'est vraiment dangereux le soir.",
					"Les personnes âgées du quartier marchent sur la chaussée pour l'éviter.",
					"Avec une poussette ou un fauteuil roulant, c'est impossible à franchir.",
				}},
			},
		},
		"streetlight_out": {
			titles: []string{
				"Éclairage en panne {street}",
				"Lampadaire en panne {street} {nr}",
			},
			what: []string{
				"Lampadaire éteint {street} {nr}|Le lampadaire en face du n° {nr} {at} ne s'allume plus.",
				"Rue plongée dans le noir {street}|{At}, l'éclairage public est éteint depuis plusieurs soirs.",
				"Lampe qui clignote {landmark}|La lampe du poteau {landmark} clignote toute la nuit.",
				"Carrefour dans le noir {street}|{Corner}, tout est dans le noir.",
				"Lampadaire allumé le jour, éteint la nuit {street}|Le lampadaire reste allumé en journée mais s'éteint dès qu'il fait noir {at}.",
			},
			more: []string{
				"Le soir, on ne se sent pas en sécurité en rentrant à pied.",
				"C'est un passage très fréquenté par les enfants qui rentrent de l'école.",
				"Les voitures ne voient pas les piétons qui traversent.",
				"Ça dure {since}.",
			},
		},
		"lamp_post": {
			titles: []string{
				"Poteau d'éclairage endommagé {street}",
				"Lampadaire endommagé {landmark}",
			},
			what: []string{
				"Poteau d'éclairage penché {street}|Le poteau d'éclairage a été percuté par une voiture {at} et penche dangereusement.",
				"Trappe ouverte sur un lampadaire {landmark}|La trappe au pied du lampadaire {landmark} est ouverte et on voit les câbles.",
				"Lampadaire plié {street} {nr}|{At}, un lampadaire est plié en deux depuis un accrochage.",
				"Poteau rouillé qui bouge {street}|{Corner}, le poteau est rouillé à la base et bouge quand on le touche.",
			},
			more: []string{
				"Des enfants jouent juste à côté.",
				"Des câbles électriques sont visibles, c'est dangereux.",
				"Quelqu'un a mis de la rubalise autour, mais elle est arrachée.",
			},
		},
		"traffic_light": {
			titles: []string{
				"Feu tricolore en panne {street}",
				"Feux défectueux {landmark}",
			},
			what: []string{
				"Feux éteints au carrefour {street}|{Corner}, les feux sont complètement éteints.",
				"Feu piéton bloqué au rouge {street}|Le feu pour piétons {at} reste au rouge, le vert ne s'allume jamais.",
				"Feu orange clignotant {street}|{At}, le feu clignote à l'orange depuis ce matin et les voitures passent n'importe comment.",
				"Bouton du feu piéton en panne {landmark}|Le bouton d'appel du feu piéton {landmark} ne fonctionne plus.",
				"Feu pour cyclistes cassé {street}|Le feu pour cyclistes {at} est cassé et pend au bout de son câble.",
			},
			more: []string{
				"Le carrefour est très dangereux aux heures de pointe.",
				"Des enfants traversent ici pour aller à l'école.",
				"J'ai vu deux quasi-accidents en dix minutes.",
			},
		},
		"traffic_sign": {
			titles: []string{
				"Panneau de signalisation endommagé {street}",
				"Problème de panneau {landmark}",
			},
			what: []string{
				"Panneau stop disparu {street}|{Corner}, le panneau stop a disparu : il ne reste que le poteau.",
				"Panneau tombé sur le trottoir {street} {nr}|{At}, un panneau de signalisation est couché sur le trottoir.",
				"Sens interdit mal orienté {street}|{At}, le panneau de sens interdit a été tourné et n'est plus visible des automobilistes.",
				"Panneau illisible {landmark}|Le panneau {landmark} est couvert d'autocollants et complètement illisible.",
				"Panneau zone 30 plié {street}|Un panneau de zone 30 a été plié par un camion {at}.",
			},
			more: []string{
				"Les automobilistes ne savent plus qui a la priorité.",
				"Des voitures prennent la rue à contresens.",
				"Le poteau dépasse et gêne les piétons.",
			},
		},
		"road_markings": {
			titles: []string{
				"Marquage au sol effacé {street}",
				"Marquage illisible {landmark}",
			},
			what: []string{
				"Passage piéton presque invisible {landmark}|Le passage pour piétons {landmark} est presque invisible.",
				"Lignes au sol effacées {street}|{At}, les lignes au sol sont complètement effacées.",
				"Marquage cyclable disparu {street}|Le marquage de la bande cyclable a disparu {at} après les travaux.",
				"Ligne d'arrêt effacée {street}|{Corner}, il n'y a plus de ligne d'arrêt et les voitures s'arrêtent au milieu du passage.",
			},
			more: []string{
				"La nuit et sous la pluie, on ne voit plus rien.",
				"Beaucoup d'enfants traversent à cet endroit.",
				"Les voitures ne s'arrêtent plus pour laisser passer les piétons.",
			},
		},
		"bike_lane": {
			titles: []string{
				"Piste cyclable encombrée {street}",
				"Problème sur la piste cyclable {street} {nr}",
			},
			what: []string{
				"Voitures garées sur la piste cyclable {street}|{At}, des voitures stationnent en permanence sur la piste cyclable.",
				"Bris de verre sur la piste cyclable {landmark}|La piste cyclable {landmark} est couverte de bris de verre.",
				"Piste cyclable bloquée par un chantier {street}|{At}, un chantier bloque la piste cyclable sans aucune déviation.",
				"Piste cyclable défoncée {street}|{Corner}, le revêtement de la piste cyclable est défoncé.",
				"Conteneurs sur la piste cyclable {street}|{At}, des conteneurs de chantier sont posés sur la piste cyclable.",
			},
			more: []string{
				"Les cyclistes doivent se rabattre au milieu de la circulation.",
				"J'ai crevé deux fois cette semaine.",
				"Avec les enfants à vélo, c'est vraiment dangereux.",
			},
		},
		"transit_stop": {
			titles: []string{
				"Arrêt STIB endommagé {street}",
				"Abri de bus endommagé {landmark}",
			},
			what: []string{
				"Vitre de l'abribus brisée {street}|La vitre de l'abri {at} est brisée et il y a des éclats partout.",
				"Écran d'information éteint {landmark}|L'écran qui affiche les prochains passages est éteint à l'arrêt {landmark}.",
				"Banc arraché à l'arrêt {street} {nr}|{At}, le banc de l'abribus est arraché.",
				"Poteau d'arrêt renversé {street}|{Corner}, le poteau d'arrêt a été renversé.",
				"Abri de tram sans toit {street}|L'abri de tram {at} n'a plus de toit depuis la tempête.",
			},
			more: []string{
				"Les gens attendent sous la pluie.",
				"Des morceaux de verre traînent par terre, attention aux enfants.",
				"Beaucoup de personnes âgées utilisent cet arrêt.",
			},
		},
		"bollard": {
			titles: []string{
				"Potelet endommagé {street}",
				"Problème de potelets {landmark}",
			},
			what: []string{
				"Potelet arraché {street} {nr}|Un potelet a été arraché {at} et il reste un trou dans le trottoir.",
				"Potelets manquants {street}|{At}, plusieurs potelets ont disparu et les voitures montent sur le trottoir.",
				"Potelet couché sur le trottoir {landmark}|Un potelet est couché sur le trottoir {landmark}.",
				"Potelet tordu {street}|{Corner}, un potelet a été plié par une camionnette.",
			},
			more: []string{
				"Les voitures se garent à nouveau sur le trottoir.",
				"La tige métallique qui dépasse est dangereuse pour les piétons.",
				"Les personnes malvoyantes risquent de s'y prendre les pieds.",
			},
		},
		"abandoned_vehicle": {
			titles: []string{
				"Voiture abandonnée {street}",
				"Véhicule abandonné {landmark}",
			},
			what: []string{
				"Voiture ventouse {street} {nr}|Une voiture est garée au même endroit {at} {since}, les pneus sont à plat.",
				"Épave sans plaque {street}|{At}, une épave de voiture sans plaque occupe une place de stationnement.",
				"Camionnette immobile {landmark}|Une camionnette couverte de poussière n'a plus bougé {since} {landmark}.",
				"Voiture aux vitres cassées {street}|{Corner}, une voiture aux vitres cassées a été abandonnée.",
			},
			more: []string{
				"Elle est remplie de déchets.",
				"Plusieurs amendes sont coincées sous l'essuie-glace.",
				"Des gens commencent à déposer leurs sacs à côté.",
			},
			variants: map[string]catText{
				"bike": {
					titles: []string{
						"Vélo abandonné {street}",
						"Épave de vélo {landmark}",
					},
					what: []string{
						"Vélo sans roues {street} {nr}|Un vélo sans roues est attaché à l'arceau {at} {since}.",
						"Carcasse de vélo rouillée {street}|{At}, une carcasse de vélo rouillée occupe un arceau.",
						"Vélo désossé {landmark}|Un vélo désossé est cadenassé au poteau {landmark}.",
					},
					more: []string{
						"Il prend une place dont on a bien besoin pour les vélos.",
						"Il ne reste que le cadre et la selle.",
						"Les pièces sont éparpillées sur le trottoir.",
					},
				},
				"scooter": {
					titles: []string{
						"Trottinette abandonnée {street}",
						"Trottinette qui gêne {landmark}",
					},
					what: []string{
						"Trottinette en travers du trottoir {street}|{At}, une trottinette en libre-service est couchée en travers du trottoir.",
						"Trottinettes renversées {street} {nr}|{At}, trois trottinettes sont renversées devant l'entrée d'un immeuble.",
						"Trottinette abandonnée {landmark}|Une trottinette a été abandonnée {landmark} {since}.",
					},
					more: []string{
						"Les personnes en fauteuil roulant ne peuvent pas passer.",
						"Une personne malvoyante a trébuché dessus.",
						"Elle n'est même pas dans une zone de dépôt autorisée.",
					},
				},
			},
		},
		"accessibility_barrier": {
			titles: []string{
				"Obstacle pour fauteuil roulant {street}",
				"Trottoir inaccessible {landmark}",
			},
			what: []string{
				"Bordure non abaissée {street}|{Corner}, la bordure du passage pour piétons n'est pas abaissée.",
				"Dalles podotactiles manquantes {street}|{At}, il manque les dalles podotactiles au passage pour piétons.",
				"Panneau publicitaire sur le trottoir {landmark}|Un panneau publicitaire est planté au milieu du trottoir {landmark} et laisse à peine 60 cm de passage.",
				"Rampe d'accès trop raide {landmark}|La rampe d'accès {landmark} est trop raide et abîmée.",
				"Terrasses sur tout le trottoir {street}|{At}, les terrasses occupent tout le trottoir.",
			},
			more: []string{
				"Impossible de passer en fauteuil roulant sans aide.",
				"Les personnes aveugles ne savent pas où commence la traversée.",
				"Avec une poussette double, il faut passer par la chaussée.",
			},
		},
		"oil_spill": {
			titles: []string{
				"Huile sur la chaussée {street}",
				"Chaussée glissante {landmark}",
			},
			what: []string{
				"Traînée d'huile {street}|{At}, une longue traînée d'huile s'étend sur la chaussée.",
				"Gasoil sur la chaussée {street} {nr}|{At}, un camion a perdu du gasoil sur plusieurs dizaines de mètres.",
				"Chaussée très glissante {street}|{Corner}, la chaussée est très glissante, on dirait de l'huile.",
				"Flaque d'huile après un accident {landmark}|Une flaque d'huile s'est formée {landmark} après un accident.",
			},
			more: []string{
				"Un scooter a déjà glissé.",
				"Avec la pluie, c'est une vraie patinoire.",
				"Il faudrait mettre du sable au plus vite.",
			},
		},
		"ice_snow": {
			titles: []string{
				"Neige ou verglas {street}",
				"Verglas {landmark}",
			},
			what: []string{
				"Trottoir verglacé {street}|{At}, le trottoir est une plaque de verglas et personne ne l'a salé.",
				"Piste cyclable enneigée {street}|{At}, la piste cyclable n'a pas été déblayée et la neige s'est transformée en glace.",
				"Passage piéton verglacé {street}|{Corner}, le passage pour piétons est couvert de verglas.",
				"Neige sur le trottoir {landmark}|La neige a été poussée sur le trottoir {landmark} et bloque le passage.",
			},
			more: []string{
				"J'ai vu deux personnes tomber ce matin.",
				"Les personnes âgées n'osent plus sortir.",
				"Les autres rues du quartier ont été salées, mais pas celle-ci.",
			},
		},
		"dangerous_tree": {
			titles: []string{
				"Arbre dangereux {street}",
				"Arbre ou branche à sécuriser {landmark}",
			},
			what: []string{
				"Branche cassée au-dessus du trottoir {street}|{At}, une grosse branche s'est cassée avec le vent et pend au-dessus du trottoir.",
				"Arbre tombé {street} {nr}|{At}, un arbre est tombé en travers du trottoir.",
				"Arbre qui penche {landmark}|L'arbre {landmark} penche de plus en plus et ses racines soulèvent le sol.",
				"Branche morte {street}|{Corner}, une branche morte menace de tomber.",
			},
			more: []string{
				"Il faudrait intervenir avant le prochain coup de vent.",
				"Les branches touchent déjà les fenêtres du premier étage.",
				"On peut encore passer en faisant le tour.",
			},
			variants: map[string]catText{
				"yes": {more: []string{
					"Ça pourrait tomber sur un passant à tout moment.",
					"Le passage est complètement bloqué.",
					"Des enfants passent dessous pour aller à l'école.",
				}},
			},
		},
		"missing_cover": {
			titles: []string{
				"Avaloir ou taque endommagé {street}",
				"Taque d'égout à vérifier {landmark}",
			},
			what: []string{
				"Couvercle fendu {landmark}|Le couvercle de la chambre de visite {landmark} est fendu et bascule quand on marche dessus.",
				"Grille d'avaloir déplacée {street}|{Corner}, la grille de l'avaloir a été déplacée.",
				"Grille d'avaloir qui bouge {street} {nr}|{At}, la grille de l'avaloir bouge et claque au passage des voitures.",
			},
			more: []string{
				"Le trou n'est pas ouvert, mais ça risque de céder.",
				"Ça fait un bruit énorme à chaque passage de voiture.",
				"Ce n'est pas encore dangereux, mais il faudrait la refixer.",
			},
			variants: map[string]catText{
				"yes": {
					what: []string{
						"Taque d'égout manquante {street}|La taque d'égout {at} a disparu et le trou est ouvert.",
						"Avaloir sans grille {street} {nr}|{At}, la grille de l'avaloir est cassée en deux et tombée dans le trou.",
						"Trou ouvert {landmark}|Le couvercle de la chambre de visite {landmark} a disparu.",
					},
					more: []string{
						"Quelqu'un pourrait tomber dedans.",
						"Un vélo pourrait y laisser une roue.",
						"Quelqu'un a posé une palette dessus en attendant, ce n'est pas suffisant.",
					},
				},
			},
		},
		"clogged_drain": {
			titles: []string{
				"Avaloir bouché {street}",
				"Égout bouché {landmark}",
			},
			what: []string{
				"Avaloir bouché par les feuilles {street}|L'avaloir {at} est bouché par des feuilles et de la terre.",
				"Grosse flaque à chaque pluie {street} {nr}|{At}, l'eau ne s'évacue plus et forme une grande flaque à chaque averse.",
				"Avaloirs pleins de déchets {street}|{Corner}, les avaloirs sont pleins de déchets.",
				"Avaloir qui sent mauvais {landmark}|L'avaloir {landmark} dégage une mauvaise odeur et l'eau stagne.",
			},
			more: []string{
				"Les voitures éclaboussent les piétons en passant.",
				"L'eau déborde jusque dans les caves.",
				"En hiver, la flaque se transforme en patinoire.",
			},
		},
		"missed_collection": {
			titles: []string{
				"Collecte oubliée {street}",
				"Sacs non ramassés {street} {nr}",
			},
			what: []string{
				"Sacs blancs non ramassés {street}|Les sacs blancs n'ont pas été ramassés {at} alors que c'était le jour de collecte.",
				"Sacs bleus toujours là {street}|{At}, les sacs bleus sont toujours sur le trottoir alors que le camion est passé.",
				"Sacs éventrés {landmark}|Des sacs ont été éventrés par des animaux {landmark} et les déchets sont éparpillés.",
				"Côté impair oublié {street}|{At}, seul le côté pair a été collecté : les sacs du côté impair sont toujours là.",
				"Sacs jaunes non collectés {street}|{Corner}, la collecte des sacs jaunes a été oubliée.",
			},
			more: []string{
				"Les goélands et les renards éventrent les sacs pendant la nuit.",
				"Avec la chaleur, ça sent très mauvais.",
				"C'est la deuxième fois ce mois-ci.",
				"Les déchets s'envolent sur la chaussée.",
			},
		},
		"illegal_dumping": {
			titles: []string{
				"Dépôt clandestin {street}",
				"Dépôt sauvage {street} {nr}",
				"Déchets abandonnés {landmark}",
			},
			what: []string{
				"Dépôt clandestin {street}|Un tas de déchets a été abandonné {at}.",
			},
			more: []string{
				"Le dépôt grossit de jour en jour.",
				"Ça attire les rats.",
				"C'est la troisième fois ce mois-ci au même endroit.",
				"Le trottoir est complètement bloqué.",
			},
			variants: map[string]catText{
				"bags": {what: []string{
					"Tas de sacs poubelles {street}|Une dizaine de sacs poubelles ont été déposés {at}, en dehors des jours de collecte.",
					"Sacs non réglementaires {street}|{At}, des sacs noirs non réglementaires s'entassent au pied d'un arbre.",
					"Sacs et cartons abandonnés {landmark}|Un tas de sacs et de cartons a été abandonné {landmark}.",
				}},
				"furniture": {what: []string{
					"Matelas abandonné {street}|{At}, un matelas et un sommier ont été abandonnés sur le trottoir.",
					"Canapé et armoire sur le trottoir {street} {nr}|{At}, quelqu'un a déposé un canapé, une armoire démontée et des chaises.",
					"Meubles cassés {landmark}|Des meubles cassés ont été jetés {landmark}.",
					"Frigo et machine à laver abandonnés {street}|{Corner}, un frigo et une vieille machine à laver sont sur le trottoir.",
				}},
				"construction": {what: []string{
					"Gravats abandonnés {street}|Des sacs de gravats et des plaques de plâtre ont été déposés {at}.",
					"Déchets de chantier {street} {nr}|{At}, quelqu'un a vidé une camionnette de déchets de chantier.",
					"Briques et laine de verre {landmark}|Un tas de briques, de carrelage cassé et de laine de verre traîne {landmark}.",
				}},
				"hazardous": {
					what: []string{
						"Bidons d'huile abandonnés {street}|Des bidons d'huile de vidange ont été abandonnés {at}.",
						"Pots de peinture qui coulent {street} {nr}|{At}, des pots de peinture ouverts coulent sur le trottoir.",
						"Produits chimiques abandonnés {landmark}|Quelqu'un a laissé des bonbonnes de gaz et des produits chimiques {landmark}.",
					},
					more: []string{
						"Ça sent fort le solvant.",
						"Des enfants jouent à côté, c'est inquiétant.",
						"Le produit commence à couler vers l'avaloir.",
					},
				},
			},
		},
		"overflowing_bin": {
			titles: []string{
				"Poubelle publique débordante {street}",
				"Déchets autour des poubelles {landmark}",
			},
			what: []string{
				"Corbeille qui déborde {street}|La corbeille publique {at} déborde et les déchets s'envolent.",
				"Bulles à verre pleines {street}|{At}, les bulles à verre sont pleines et les bouteilles s'entassent autour.",
				"Poubelle pas vidée {landmark}|La poubelle {landmark} n'a pas été vidée depuis plusieurs jours.",
				"Sacs déposés à côté de la corbeille {street}|{Corner}, des sacs entiers sont posés à côté de la corbeille.",
			},
			more: []string{
				"Il y a des déchets partout sur le trottoir.",
				"Le week-end, c'est encore pire.",
				"Les pigeons et les goélands se servent.",
				"Une corbeille supplémentaire serait utile ici.",
			},
		},
		"graffiti": {
			titles: []string{
				"Graffiti {street} {nr}",
				"Tags {landmark}",
			},
			what: []string{
				"Tags sur une façade {street}|{At}, une façade a été couverte de tags cette nuit.",
				"Armoire électrique taguée {street}|{At}, une armoire électrique est couverte de tags.",
				"Graffiti injurieux {landmark}|Un graffiti injurieux a été peint {landmark}.",
				"Murs couverts de tags {street}|{Corner}, les murs sont à nouveau couverts de tags.",
				"Bancs et poubelle tagués {landmark}|Quelqu'un a tagué les bancs et la poubelle {landmark}.",
			},
			more: []string{
				"Ils reviennent à chaque fois qu'on les nettoie.",
				"Certains messages sont choquants pour les enfants qui passent.",
				"Ça donne une impression d'abandon à tout le quartier.",
				"Ça se voit de loin.",
			},
		},
		"vegetation": {
			titles: []string{
				"Végétation gênante {street}",
				"Végétation envahissante {landmark}",
			},
			what: []string{
				"Haie qui envahit le trottoir {street}|{At}, une haie déborde sur le trottoir et oblige à marcher sur la chaussée.",
				"Mauvaises herbes {street}|{At}, les mauvaises herbes poussent entre les pavés et dépassent les 50 cm.",
				"Branches qui cachent un panneau {street}|{Corner}, les branches d'un arbre cachent complètement le panneau de signalisation.",
				"Arbres à élaguer {landmark}|Les arbres {landmark} n'ont pas été taillés et touchent les façades.",
				"Ronces sur le trottoir {street} {nr}|{At}, des ronces envahissent le trottoir.",
			},
			more: []string{
				"Ça fait des mois que personne n'est passé.",
				"Avec une poussette, on ne passe plus.",
				"Ça devient vraiment gênant pour les piétons.",
			},
		},
		"street_furniture": {
			titles: []string{
				"Mobilier urbain endommagé {street}",
				"Mobilier urbain cassé {landmark}",
			},
			what: []string{
				"Banc cassé {landmark}|Le banc {landmark} a une planche cassée et des clous dépassent.",
				"Arceaux vélo arrachés {street}|{At}, les arceaux à vélos ont été arrachés du sol.",
				"Fontaine en panne {landmark}|La fontaine d'eau potable {landmark} ne fonctionne plus.",
				"Jardinière renversée {street}|{Corner}, une jardinière en béton a été renversée.",
				"Range-vélos tordu {street} {nr}|Le range-vélos {at} est tordu et on ne peut plus y attacher de vélo.",
			},
			more: []string{
				"Ça sert pourtant tous les jours.",
				"C'est dommage pour le quartier.",
				"Quelqu'un risque de se blesser.",
			},
		},
		"vandalism": {
			titles: []string{
				"Vandalisme {street}",
				"Dégradation de biens publics {landmark}",
			},
			what: []string{
				"Plaque commémorative arrachée {street}|La plaque commémorative {at} a été arrachée.",
				"Statue dégradée {street}|{At}, la statue a été peinte et une partie du socle est cassée.",
				"Panneau d'information brisé {landmark}|Les vitres du panneau d'information communal {landmark} ont été brisées.",
				"Grilles du parc forcées {street}|{Corner}, les grilles du parc ont été forcées et tordues.",
			},
			more: []string{
				"Ça fait de la peine à voir.",
				"Des débris traînent par terre.",
				"Ce n'est pas la première fois.",
			},
		},
		"playground": {
			titles: []string{
				"Aire de jeux endommagée {street}",
				"Jeux pour enfants dangereux {landmark}",
			},
			what: []string{
				"Balançoire à la chaîne cassée {street}|Une des balançoires de l'aire de jeux {at} a une chaîne cassée.",
				"Toboggan fissuré {street}|{At}, le toboggan est fissuré et a des bords coupants.",
				"Sol de l'aire de jeux arraché {landmark}|Le sol amortissant de l'aire de jeux {landmark} est arraché par endroits.",
				"Clôture de la plaine de jeux ouverte {street}|La clôture de la plaine de jeux {at} est ouverte et donne sur la rue.",
			},
			more: []string{
				"Les enfants continuent à jouer dessus.",
				"Il y a beaucoup de familles ici le mercredi après-midi.",
				"Il faudrait au moins mettre un ruban pour en interdire l'accès.",
			},
		},
		"other": {
			titles: []string{
				"Problème {street}",
				"Problème {landmark}",
			},
			what: []string{
				"Fuite d'eau sur le trottoir {street}|{At}, de l'eau s'écoule en permanence du trottoir, on dirait une fuite.",
				"Câbles qui pendent {street} {nr}|{At}, des câbles pendent d'une façade jusqu'à hauteur de tête.",
				"Barrières de chantier abandonnées {landmark}|Des barrières de chantier traînent {landmark} alors que le chantier est fini depuis longtemps.",
				"Présence de rats {street}|{Corner}, on voit de plus en plus de rats.",
				"Problème à signaler {street} {nr}|Je ne sais pas quelle catégorie choisir : le problème se trouve {at}, à hauteur du n° {nr}.",
			},
			more: []string{
				"Je ne sais pas à qui m'adresser.",
				"Merci de transmettre au bon service.",
				"Plusieurs voisins s'en plaignent.",
			},
		},
	},
	fallback: catText{
		titles: []string{"{cat} {street}", "{cat} {landmark}"},
		what: []string{
			"Je signale un problème {at}, à hauteur du n° {nr}.",
			"{Corner}, il y a un problème qui mérite votre attention.",
		},
		more: []string{"Plusieurs voisins s'en plaignent.", "Ça dure {since}."},
	},
	closings: []string{
		"Merci d'avance.",
		"Merci de faire le nécessaire.",
		"Merci pour votre intervention.",
		"Bonne journée.",
		"Merci !",
		"Pouvez-vous intervenir rapidement ?",
		"Merci de votre attention.",
	},
	landmarks: []string{
		"devant l'école", "près de l'arrêt de bus", "à côté de la pharmacie",
		"en face de la boulangerie", "à l'entrée du parc", "devant l'église",
		"à la sortie du métro", "près de la crèche", "devant le supermarché",
		"à côté de la station Villo!", "près de la maison communale",
		"en face du café", "devant la bibliothèque", "près de l'arrêt de tram",
	},
	since: []string{
		"depuis plusieurs semaines", "depuis plus d'un mois",
		"depuis au moins deux semaines", "depuis des mois",
	},
	where: map[string]string{
		"roadway": "", "sidewalk": " sur le trottoir", "bike_lane": " sur la piste cyclable",
	},
	whereOf: map[string]string{
		"roadway": " de la chaussée", "sidewalk": " du trottoir", "bike_lane": " de la piste cyclable",
	},
	answerSentences: map[string]string{
		"pothole.size_cm":            "Il fait environ {n} cm de large.",
		"streetlight_out.lights_out": "En tout, {n} lampadaires sont éteints.",
	},
	details: []string{
		"Les personnes en fauteuil roulant doivent faire un détour par la chaussée.",
		"Ma mère, qui se déplace avec un déambulateur, ne peut pas traverser seule.",
		"Les personnes malvoyantes n'ont aucun repère pour traverser.",
		"Les parents doivent soulever la poussette pour monter sur le trottoir.",
	},
	noPlate: "pas de plaque",
	notes: map[string][]string{
		"acknowledged": {
			"Merci pour votre signalement. Il a été transmis au service compétent.",
			"Signalement bien reçu, nous allons vérifier sur place.",
			"Merci, le service {body} a été informé.",
			"Bien reçu. Un agent passera constater la situation.",
			"Merci pour votre signalement, nous le traitons dans les meilleurs délais.",
		},
		"in_progress": {
			"Nos équipes sont sur place.",
			"Les travaux ont commencé.",
			"Une équipe a été envoyée pour intervenir.",
			"L'intervention est en cours ; merci pour votre patience.",
			"Le dossier a été confié à notre entrepreneur.",
		},
		"scheduled": {
			"L'intervention est planifiée pour la semaine prochaine.",
			"Nos équipes interviendront dans les prochains jours.",
			"La réparation est prévue lors de notre prochaine tournée dans le quartier.",
			"Le matériel a été commandé ; nous interviendrons dès sa livraison.",
			"Intervention programmée dans les deux semaines.",
		},
		"fixed": {
			"Le problème a été réglé. Merci de nous l'avoir signalé.",
			"C'est réparé ! Merci pour votre vigilance.",
			"Intervention terminée.",
			"Nos équipes sont intervenues ce matin ; le problème est résolu.",
		},
		"wont_fix": {
			"Après examen, aucune intervention n'est prévue : la situation ne présente pas de danger.",
			"Cet aménagement est conforme et ne sera pas modifié.",
			"Ce tronçon sera entièrement réaménagé l'an prochain ; nous n'intervenons pas d'ici là.",
			"Nous ne pouvons pas donner suite à cette demande pour le moment, faute de budget.",
		},
		"not_responsible": {
			"Cet endroit fait partie d'un domaine privé ; nous avons prévenu le propriétaire.",
			"Ce problème ne relève pas de nos compétences ; le signalement a été transmis au gestionnaire.",
			"Il s'agit d'un chantier privé : le maître d'ouvrage en est responsable.",
			"Cette voirie est gérée par un autre service ; nous lui avons transmis votre signalement.",
		},
		"closed": {
			"Nous n'avons rien constaté sur place. N'hésitez pas à refaire un signalement si le problème réapparaît.",
			"Le problème semble avoir disparu de lui-même. Signalement clôturé.",
			"Signalement clôturé : les informations ne suffisent pas pour localiser le problème.",
			"Ce problème a déjà été traité dans le cadre d'un autre signalement.",
		},
	},
	systemAck: []string{
		"Signalement transmis automatiquement à {body}.",
		"Votre signalement a été transmis à {body}.",
	},
	reporterFixed: []string{
		"C'est réparé, merci !",
		"Je suis repassé : tout est en ordre.",
		"Problème résolu, merci beaucoup.",
		"Réparé ce matin, bravo aux équipes.",
	},
	fixedByCat: map[string][]string{
		"pothole":               {"Le nid-de-poule a été rebouché.", "Le trou a été comblé provisoirement en attendant une réfection complète."},
		"road_surface":          {"Le revêtement a été réparé sur le tronçon concerné.", "Les pavés ont été reposés."},
		"sidewalk":              {"Les dalles ont été remises en place.", "Le trottoir a été réparé."},
		"streetlight_out":       {"L'ampoule a été remplacée.", "Le défaut d'alimentation a été réparé ; l'éclairage fonctionne à nouveau."},
		"lamp_post":             {"Le poteau a été remplacé.", "Le poteau a été sécurisé et la trappe refermée."},
		"traffic_light":         {"Le feu a été réparé et fonctionne normalement."},
		"traffic_sign":          {"Le panneau a été remplacé.", "Le panneau a été redressé."},
		"road_markings":         {"Le marquage a été repeint."},
		"bike_lane":             {"La piste cyclable a été dégagée.", "La piste cyclable a été nettoyée."},
		"transit_stop":          {"La vitre de l'abri a été remplacée.", "L'abri a été réparé."},
		"bollard":               {"Le potelet a été remplacé."},
		"abandoned_vehicle":     {"Le véhicule a été enlevé.", "L'épave a été enlevée par nos services."},
		"accessibility_barrier": {"La bordure a été abaissée.", "L'obstacle a été retiré."},
		"oil_spill":             {"La chaussée a été nettoyée et sablée."},
		"ice_snow":              {"Le tronçon a été dégagé et salé."},
		"dangerous_tree":        {"La branche a été coupée et évacuée.", "L'arbre a été sécurisé."},
		"missing_cover":         {"La taque a été remplacée.", "Une nouvelle grille a été posée."},
		"clogged_drain":         {"L'avaloir a été curé."},
		"missed_collection":     {"Les sacs ont été enlevés."},
		"illegal_dumping":       {"Le dépôt a été enlevé.", "Les déchets ont été ramassés ; une enquête est en cours pour identifier l'auteur."},
		"overflowing_bin":       {"La corbeille a été vidée.", "La bulle à verre a été vidée et les abords nettoyés."},
		"graffiti":              {"Les graffitis ont été effacés."},
		"vegetation":            {"La taille a été effectuée.", "Le désherbage a été fait."},
		"street_furniture":      {"Le mobilier a été réparé."},
		"vandalism":             {"Les dégâts ont été réparés."},
		"playground":            {"Le jeu a été réparé et l'aire rouverte."},
	},
	private: []string{
		"Transmis à l'équipe voirie du secteur nord.",
		"Bon de travail créé.",
		"En attente de la livraison des pièces.",
		"Vérifié sur place par l'agent de quartier.",
		"À regrouper avec les autres signalements de la rue.",
		"Entrepreneur relancé par téléphone.",
		"Photos prises lors de la visite ; dossier complet.",
		"Priorité relevée : plusieurs signalements au même endroit.",
	},
	hiddenPrivate: []string{
		"Signalement masqué : il contient des données personnelles.",
		"Contenu inapproprié.",
		"Signalement de test.",
	},
	firstNames: []string{
		"Sophie", "Julien", "Camille", "Nicolas", "Marie", "Thomas", "Amélie",
		"Mehdi", "Fatima", "Yasmine", "Karim", "Inès", "Léa", "Hugo", "Chloé",
		"Antoine", "Nadia", "Youssef", "Élodie", "Manon", "Pierre", "Aurélie",
		"Mamadou", "Céline", "Olivier", "Salma",
	},
}
